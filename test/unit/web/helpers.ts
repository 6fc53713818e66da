// Shared fixtures for the web-mode server tests: a small renderer directory with a secret next to
// it, a server on a random loopback port, raw HTTP and WebSocket clients.
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { AppInfo } from '../../../src/shared/api';
import { EventHub } from '../../../src/main/events';
import { createHandlers } from '../../../src/main/handlers';
import { startWebServer, type WebServer } from '../../../src/main/web/server';

export const SECRET = 'secret-outside-the-renderer-root';

export const DATA_DIR = '/tmp/d2l-web-test-data-unused';

export interface Fixture {
  server: WebServer;
  /** What app.info answers when called directly, for comparison with the socket's answer. */
  appInfo: AppInfo;
  events: EventHub;
  lines: string[];
  base: string;
  origin: string;
  cleanup(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const base = mkdtempSync(join(tmpdir(), 'd2l-web-test-'));
  const root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>workbench</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(root, '.env'), 'HIDDEN=1');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'escape.txt'));
  // The real handlers (no training service: nothing here trains).
  const handlers = createHandlers({ dataDir: DATA_DIR, mode: 'web', systemLang: 'en' });
  const events = new EventHub();
  const lines: string[] = [];
  const server = await startWebServer({ port: 0, rendererDir: root, handlers, events, log: (l) => lines.push(l) });
  return {
    server,
    appInfo: await handlers['app.info'](null),
    events,
    lines,
    base,
    origin: `http://127.0.0.1:${server.port}`,
    async cleanup() {
      await server.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends the request line exactly as given: no client-side path normalisation. */
export function rawRequest(port: number, path: string, opts: { method?: string; host?: string; address?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: opts.address ?? '127.0.0.1', port });
    const chunks: Buffer[] = [];
    socket.on('connect', () => {
      socket.write(`${opts.method ?? 'GET'} ${path} HTTP/1.1\r\nHost: ${opts.host ?? `127.0.0.1:${port}`}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

export type Opened = { ok: true; ws: WebSocket } | { ok: false; status: number | null; error?: string };

export function openSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<Opened> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => resolve({ ok: true, ws }));
    ws.on('unexpected-response', (_req, res) => {
      resolve({ ok: false, status: res.statusCode ?? null });
      ws.terminate();
    });
    ws.on('error', (err) => resolve({ ok: false, status: null, error: err.message }));
  });
}

/** Sends one text frame and waits for the next message. */
export function roundTrip(ws: WebSocket, frame: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.once('close', (code) => reject(new Error(`socket closed with ${code} before replying`)));
    ws.send(frame);
  });
}

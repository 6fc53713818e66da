// `serve` loads its services once the page's scripts have gone out (onPageSent), so loading them
// never holds up those files (issue 15). The hook fires once, after a script, with nothing in flight.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src/main/events';
import type { Handlers } from '../../../src/main/dispatch';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import { rawRequest } from './helpers';

let server: WebServer | undefined;
let base: string | undefined;
afterEach(async () => {
  await server?.close();
  if (base) rmSync(base, { recursive: true, force: true });
});

async function start(onPageSent: () => void): Promise<WebServer> {
  base = mkdtempSync(join(tmpdir(), 'd2l-page-sent-'));
  mkdirSync(join(base, 'assets'));
  writeFileSync(join(base, 'index.html'), '<!doctype html><title>workbench</title>');
  writeFileSync(join(base, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(join(base, 'assets', 'style.css'), 'body{}');
  server = await startWebServer({ port: 0, rendererDir: base, handlers: {} as Handlers, events: new EventHub(), onPageSent });
  return server;
}

describe('startWebServer: onPageSent', () => {
  it('fires once, after the first script has been sent, not for the page or a stylesheet', async () => {
    let calls = 0;
    const s = await start(() => calls++);
    expect((await rawRequest(s.port, '/')).status).toBe(200);
    expect((await rawRequest(s.port, '/assets/style.css')).status).toBe(200);
    expect((await rawRequest(s.port, '/assets/missing.js')).status).toBe(404);
    expect(calls).toBe(0);
    expect((await rawRequest(s.port, '/assets/app.js')).status).toBe(200);
    await expect.poll(() => calls).toBe(1);
    await rawRequest(s.port, '/assets/app.js');
    await rawRequest(s.port, '/');
    expect(calls).toBe(1);
  });

  it('waits for a file still in flight when the script is done', async () => {
    let calls = 0;
    const s = await start(() => calls++);
    // A big file to a client that does not read: its response stays in flight until the client goes.
    writeFileSync(join(base!, 'assets', 'big.css'), Buffer.alloc(32 * 1024 * 1024, 32));
    const slow = connect({ host: '127.0.0.1', port: s.port });
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    // Reads the first bytes of the response (so it has started) and then stops reading.
    const started = new Promise<void>((resolve) => slow.once('data', () => {
      slow.pause();
      resolve();
    }));
    slow.write(`GET /assets/big.css HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\n\r\n`);
    await started;
    expect((await rawRequest(s.port, '/assets/app.js')).status).toBe(200);
    // One more round trip, so the script's response has certainly closed on the server's side.
    expect((await rawRequest(s.port, '/')).status).toBe(200);
    expect(calls).toBe(0);
    slow.destroy();
    await expect.poll(() => calls).toBe(1);
  });
});

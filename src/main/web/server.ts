// Web mode: the renderer served over HTTP on 127.0.0.1 and the contract carried over a WebSocket,
// so a browser (and Playwright) can drive the same app without Electron. Only loopback, only with
// the per-launch token, only from the page's own origin.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { LIMITS } from '../../shared/schema';
import type { Handlers } from '../dispatch';
import type { EventHub } from '../events';
import { LOOPBACK, checkUpgrade, newToken, securityHeaders } from './security';
import { attachSession, sendText as sendRaw } from './socket-session';
import { FairQueue, type WorkLimits } from './work-queue';
import { mimeTypeFor, realRoot, resolveStaticPath } from './static-files';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '../../shared/error-message';
import { bootDataElement, type BootData } from '../../shared/boot-data';

export interface WebServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Built renderer (out/renderer). */
  rendererDir: string;
  handlers: Handlers;
  events: EventHub;
  /** Request log; lines never contain the token or query strings. */
  log?: (line: string) => void;
  /** How many requests run at once, in total and per socket (defaults: work-queue.ts). */
  work?: WorkLimits;
  /** Budget of one reply, in JSON characters (default LIMITS.replyBytes; tests lower it). */
  replyBytes?: number;
  /**
   * What the served index.html carries for the first screen (shared/boot-data.ts), so the page
   * shows the experiment list before its socket is open. Undefined or a failure: the page is
   * served as built and the renderer asks over the socket.
   */
  bootData?: () => Promise<BootData | undefined>;
}

export interface WebServer {
  /** Address to open, token included. Print it once; never log it elsewhere. */
  url: string;
  port: number;
  token: string;
  /** The queue every socket's requests go through (tests read its peak). */
  queue: FairQueue;
  close(): Promise<void>;
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new RangeError(`port must be a whole number from 0 to 65535 (0 = any free port), got ${opts.port}`);
  }
  const root = await realRoot(opts.rendererDir);
  const token = newToken();
  const log = opts.log;
  // The port is known only after listen(); handlers read it from here.
  let port = 0;

  let closing: Promise<void> | undefined;
  const server = createServer((req, res) => {
    serveStatic(req, res, root, port, log, opts.bootData).catch((err: unknown) => {
      log?.(`static file error: ${errorMessage(err)}`);
      if (!res.headersSent) finish(res, 500, port);
      else res.destroy();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  // ws (and the http, https, tls and zlib modules it requires) was most of what serve loaded
  // before it could listen. It loads with the first upgrade: loaded just after listening, its
  // compilation held up the page and its scripts, which the browser asks for at that very moment,
  // and the first screen no longer waits for the socket (its experiment list comes with the page
  // when the server has one, see bootData). The upgrade waits for it meanwhile (issue 15).
  let wss: WebSocketServer | undefined;
  let wssLoad: Promise<WebSocketServer> | undefined;
  const loadWss = (): Promise<WebSocketServer> => (wssLoad ??= import('ws').then(({ WebSocketServer: Server }) =>
    (wss = new Server({ noServer: true, maxPayload: LIMITS.messageBytes, clientTracking: true }))));
  const queue = new FairQueue(opts.work);
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A throw from this listener would be an uncaught exception in the main process: whatever a
    // peer sends, the worst it gets is its own connection closed.
    let refusal: ReturnType<typeof checkUpgrade>;
    try {
      refusal = checkUpgrade(req, port, token);
    } catch (err) {
      log?.(`websocket refused: ${errorMessage(err)}`);
      socket.destroy();
      return;
    }
    if (refusal) {
      log?.(`websocket refused (${refusal.status}): ${refusal.reason}`);
      const text = refusal.status === 401 ? 'Unauthorized' : refusal.status === 403 ? 'Forbidden' : 'Not Found';
      socket.on('error', () => socket.destroy());
      // Destroyed only once the refusal has been handed to the kernel, so the client sees the status.
      socket.write(`HTTP/1.1 ${refusal.status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () => socket.destroy());
      return;
    }
    // ws handles the socket's errors once it has it; until then a reset must not go unheard.
    const dropOnError = (): void => void socket.destroy();
    socket.on('error', dropOnError);
    loadWss().then((server) => {
      socket.off('error', dropOnError);
      if (closing || socket.destroyed) {
        socket.destroy();
        return;
      }
      server.handleUpgrade(req, socket, head, (ws) => {
        const session: Parameters<typeof attachSession>[2] = { queue };
        if (log) session.log = log;
        if (opts.replyBytes !== undefined) session.replyBytes = opts.replyBytes;
        attachSession(ws, opts.handlers, session);
        log?.('websocket connected');
      });
    }, (err: unknown) => {
      log?.(`websocket unavailable: ${errorMessage(err)}`);
      socket.destroy();
    });
  });

  const unsubscribe = opts.events.subscribe((event, payload) => {
    // Serialized once for every socket; an event that cannot be is logged, never thrown.
    let text: string;
    try {
      text = JSON.stringify({ event, payload });
    } catch (err) {
      log?.(`event ${event} dropped: ${errorMessage(err)}`);
      return;
    }
    for (const client of wss?.clients ?? []) sendRaw(client, text, log);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    port,
    token,
    queue,
    close() {
      closing ??= new Promise<void>((resolve) => {
        unsubscribe();
        for (const client of wss?.clients ?? []) client.terminate();
        wss?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function serveStatic(
  req: IncomingMessage, res: ServerResponse, root: string, port: number, log?: (line: string) => void,
  bootData?: () => Promise<BootData | undefined>,
): Promise<void> {
  const rawUrl = req.url ?? '/';
  // Only the path is ever logged: the page's first request carries the token in its query.
  const rawPath = rawUrl.split('?', 1)[0] ?? '/';
  const shownPath = rawPath.slice(0, 200);
  if (req.headers.host !== `${LOOPBACK}:${port}`) {
    log?.(`${req.method} ${shownPath} 403 (Host must be ${LOOPBACK}:${port})`);
    return finish(res, 403, port);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    log?.(`${req.method} ${shownPath} 405`);
    res.setHeader('Allow', 'GET, HEAD');
    return finish(res, 405, port);
  }
  const file = await resolveStaticPath(root, rawPath);
  if (!file) {
    log?.(`${req.method} ${shownPath} 404`);
    return finish(res, 404, port);
  }
  const headers = {
    ...securityHeaders(port),
    'Content-Type': mimeTypeFor(file),
    // The app is rebuilt in place; revalidating costs nothing on loopback.
    'Cache-Control': 'no-cache',
  };
  if (bootData && file === `${root}index.html`) {
    const page = await pageWithBootData(file, bootData, log);
    res.writeHead(200, { ...headers, 'Content-Length': page.length });
    log?.(`${req.method} ${shownPath} 200`);
    res.end(req.method === 'HEAD' ? undefined : page);
    return;
  }
  res.writeHead(200, headers);
  log?.(`${req.method} ${shownPath} 200`);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // pipeline destroys the file stream when the browser goes away, so no descriptor is left open.
  await pipeline(createReadStream(file), res);
}

/** index.html with the boot data before </head> (at the end when it has none); as built when there is none. */
async function pageWithBootData(file: string, bootData: () => Promise<BootData | undefined>, log?: (line: string) => void): Promise<Buffer> {
  const html = await readFile(file, 'utf8');
  let data: BootData | undefined;
  try {
    data = await bootData();
  } catch (err) {
    log?.(`page served without boot data: ${errorMessage(err)}`);
  }
  if (!data) return Buffer.from(html, 'utf8');
  const element = bootDataElement(data);
  const at = html.indexOf('</head>');
  return Buffer.from(at < 0 ? html + element : html.slice(0, at) + element + html.slice(at), 'utf8');
}

function finish(res: ServerResponse, status: number, port: number): void {
  const text: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error' };
  const body = `${status} ${text[status] ?? ''}\n`;
  res.writeHead(status, { ...securityHeaders(port), 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

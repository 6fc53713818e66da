import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { LIMITS } from '../../../src/shared/schema';
import { DATA_DIR, SECRET, openSocket, rawRequest, roundTrip, startFixture, type Fixture } from './helpers';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.cleanup();
});

const wsUrl = (token?: string): string => `ws://127.0.0.1:${fx.server.port}/ws${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

describe('startWebServer: address and token', () => {
  it('prints a loopback URL carrying a 256-bit base64url token', () => {
    expect(fx.server.url).toBe(`http://127.0.0.1:${fx.server.port}/?token=${fx.server.token}`);
    expect(fx.server.port).toBeGreaterThan(0);
    expect(fx.server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('listens on 127.0.0.1 only: other loopback addresses are refused', async () => {
    const attempt = (host: string): Promise<string> =>
      new Promise((resolve) => {
        const s = connect({ host, port: fx.server.port });
        s.on('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      });
    expect(await attempt('127.0.0.1')).toBe('connected');
    expect(await attempt('127.0.0.2')).toBe('ECONNREFUSED');
    expect(await attempt('::1')).toMatch(/ECONNREFUSED|EADDRNOTAVAIL|ENETUNREACH/);
  });

  it('rejects an out-of-range port with a message naming the range', async () => {
    const { startWebServer } = await import('../../../src/main/web/server');
    await expect(
      startWebServer({ port: 70000, rendererDir: fx.base, handlers: {} as never, events: fx.events }),
    ).rejects.toThrow(/port must be a whole number from 0 to 65535.*70000/);
  });
});

describe('startWebServer: static files', () => {
  it('serves index.html for / with the security headers', async () => {
    const res = await rawRequest(fx.server.port, `/?token=${fx.server.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toContain('<title>workbench</title>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${fx.server.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  it('sends the right MIME types', async () => {
    expect((await rawRequest(fx.server.port, '/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await rawRequest(fx.server.port, '/assets/style.css')).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    '/index.html%00.js',
    '/assets/escape.txt',
    '/.env',
    '/%',
    '/assets',
    '/missing.js',
  ])('refuses %s with 404 and never leaks the secret', async (path) => {
    const res = await rawRequest(fx.server.port, path);
    expect(res.status).toBe(404);
    expect(res.body).not.toContain(SECRET);
    expect(res.headers['content-security-policy']).toBeTruthy();
  });

  it('refuses a foreign Host (DNS rebinding) with 403', async () => {
    const res = await rawRequest(fx.server.port, '/', { host: `evil.example:${fx.server.port}` });
    expect(res.status).toBe(403);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await rawRequest(fx.server.port, '/', { method: 'POST' })).status).toBe(405);
    const head = await rawRequest(fx.server.port, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('never writes the token into its log', () => {
    expect(fx.lines.length).toBeGreaterThan(0);
    for (const line of fx.lines) expect(line).not.toContain(fx.server.token);
  });
});

describe('startWebServer: WebSocket authentication', () => {
  it('accepts the right token and answers app.info', async () => {
    const opened = await openSocket(wsUrl(fx.server.token), { origin: fx.origin });
    if (!opened.ok) throw new Error(`upgrade refused: ${JSON.stringify(opened)}`);
    const reply = await roundTrip(opened.ws, JSON.stringify({ id: 1, name: 'app.info', payload: null }));
    expect(reply).toEqual({ id: 1, reply: { ok: true, result: fx.appInfo } });
    expect(fx.appInfo).toMatchObject({ mode: 'web', dataDir: DATA_DIR });
    const list = (await roundTrip(opened.ws, JSON.stringify({ id: 'b', name: 'experiments.list', payload: null }))) as {
      id: string;
      reply: { ok: true; result: Array<{ id: string }> };
    };
    expect(list.id).toBe('b');
    expect(list.reply.result.map((e) => e.id)).toEqual(['linreg-scratch', 'linreg-concise', 'softmax-scratch', 'softmax-concise', 'activations', 'mlp-scratch', 'mlp-concise', 'polyfit', 'weight-decay', 'dropout']);
    opened.ws.close();
  });

  it('refuses a missing token with 401', async () => {
    expect(await openSocket(wsUrl(), { origin: fx.origin })).toEqual({ ok: false, status: 401 });
  });

  it('refuses a wrong token of the same length and of another length with 401', async () => {
    const t = fx.server.token;
    const flipped = (t[0] === 'A' ? 'B' : 'A') + t.slice(1);
    expect(await openSocket(wsUrl(flipped), { origin: fx.origin })).toEqual({ ok: false, status: 401 });
    expect(await openSocket(wsUrl(t + 'x'), { origin: fx.origin })).toEqual({ ok: false, status: 401 });
    expect(await openSocket(wsUrl(''), { origin: fx.origin })).toEqual({ ok: false, status: 401 });
  });

  it('refuses a repeated token parameter with 401', async () => {
    const url = `${wsUrl(fx.server.token)}&token=${fx.server.token}`;
    expect(await openSocket(url, { origin: fx.origin })).toEqual({ ok: false, status: 401 });
  });

  it('refuses a foreign or missing Origin with 403', async () => {
    const t = fx.server.token;
    expect(await openSocket(wsUrl(t), { origin: 'http://evil.example' })).toEqual({ ok: false, status: 403 });
    expect(await openSocket(wsUrl(t), { origin: `http://localhost:${fx.server.port}` })).toEqual({ ok: false, status: 403 });
    expect(await openSocket(wsUrl(t))).toEqual({ ok: false, status: 403 });
  });

  it('refuses a wrong Host with 403', async () => {
    const opened = await openSocket(wsUrl(fx.server.token), {
      origin: fx.origin,
      headers: { Host: `localhost:${fx.server.port}` },
    });
    expect(opened).toEqual({ ok: false, status: 403 });
  });

  it('refuses other paths with 404', async () => {
    const url = `ws://127.0.0.1:${fx.server.port}/socket?token=${fx.server.token}`;
    expect(await openSocket(url, { origin: fx.origin })).toEqual({ ok: false, status: 404 });
  });

  it('logs refusals without the token', () => {
    expect(fx.lines.some((l) => l.includes('websocket refused (401)'))).toBe(true);
    for (const line of fx.lines) expect(line).not.toContain(fx.server.token);
  });
});

describe('startWebServer: messages', () => {
  let ws: WebSocket;
  beforeAll(async () => {
    const opened = await openSocket(wsUrl(fx.server.token), { origin: fx.origin });
    if (!opened.ok) throw new Error('upgrade refused');
    ws = opened.ws;
  });
  afterAll(() => ws.close());

  it('answers malformed JSON with a typed error and keeps the socket open', async () => {
    const reply = (await roundTrip(ws, '{"id": 1, "name": ')) as { id: null; reply: { ok: false; error: { code: string; message: string } } };
    expect(reply.id).toBeNull();
    expect(reply.reply.ok).toBe(false);
    expect(reply.reply.error.code).toBe('invalid-payload');
    expect(reply.reply.error.message).toMatch(/not valid JSON/);
    expect(await roundTrip(ws, JSON.stringify({ id: 2, name: 'app.info', payload: null }))).toMatchObject({ id: 2, reply: { ok: true } });
  });

  it.each([
    ['a JSON array', '[1,2]', /JSON object/],
    ['a missing id', JSON.stringify({ name: 'app.info', payload: null }), /id must be/],
    ['a fractional id', JSON.stringify({ id: 1.5, name: 'app.info', payload: null }), /id must be/],
    ['an over-long id', JSON.stringify({ id: 'x'.repeat(500), name: 'app.info', payload: null }), /id must be/],
  ])('answers %s with invalid-payload', async (_label, frame, message) => {
    const reply = (await roundTrip(ws, frame)) as { id: null; reply: { ok: false; error: { code: string; message: string } } };
    expect(reply).toMatchObject({ id: null, reply: { ok: false, error: { code: 'invalid-payload' } } });
    expect(reply.reply.error.message).toMatch(message);
  });

  it('answers binary frames with invalid-payload', async () => {
    const reply = await new Promise<unknown>((resolve) => {
      ws.once('message', (d) => resolve(JSON.parse(String(d))));
      ws.send(Buffer.from([1, 2, 3]), { binary: true });
    });
    expect(reply).toMatchObject({ id: null, reply: { ok: false, error: { code: 'invalid-payload' } } });
  });

  it('passes unknown requests and bad payloads through dispatch with their error codes', async () => {
    expect(await roundTrip(ws, JSON.stringify({ id: 3, name: 'fs.read', payload: null }))).toMatchObject({
      id: 3,
      reply: { ok: false, error: { code: 'unknown-request' } },
    });
    expect(await roundTrip(ws, JSON.stringify({ id: 4, name: 'app.info', payload: { x: 1 } }))).toMatchObject({
      id: 4,
      reply: { ok: false, error: { code: 'invalid-payload' } },
    });
  });

  it('pushes EventHub events to every authenticated socket', async () => {
    const second = await openSocket(wsUrl(fx.server.token), { origin: fx.origin });
    if (!second.ok) throw new Error('upgrade refused');
    const heard = [ws, second.ws].map(
      (s) => new Promise<unknown>((resolve) => s.once('message', (d) => resolve(JSON.parse(String(d))))),
    );
    fx.events.emit('app.notice', { level: 'info', message: 'hello' });
    for (const message of await Promise.all(heard)) {
      expect(message).toEqual({ event: 'app.notice', payload: { level: 'info', message: 'hello' } });
    }
    second.ws.close();
  });

  it('closes a socket that sends more than the message cap (1009) and keeps serving others', async () => {
    const opened = await openSocket(wsUrl(fx.server.token), { origin: fx.origin });
    if (!opened.ok) throw new Error('upgrade refused');
    const code = await new Promise<number>((resolve) => {
      opened.ws.on('close', (c) => resolve(c));
      opened.ws.on('error', () => undefined);
      opened.ws.send(JSON.stringify({ id: 9, name: 'app.info', payload: 'x'.repeat(LIMITS.messageBytes) }));
    });
    expect(code).toBe(1009);
    expect(await roundTrip(ws, JSON.stringify({ id: 10, name: 'app.info', payload: null }))).toMatchObject({ id: 10, reply: { ok: true } });
  }, 120_000);
});

describe('startWebServer: close', () => {
  it('closes open sockets and stops listening', async () => {
    const { startFixture: start } = await import('./helpers');
    const local = await start();
    const opened = await openSocket(`ws://127.0.0.1:${local.server.port}/ws?token=${local.server.token}`, { origin: local.origin });
    if (!opened.ok) throw new Error('upgrade refused');
    const closed = new Promise<void>((resolve) => opened.ws.on('close', () => resolve()));
    await local.cleanup();
    await closed;
    await expect(rawRequest(local.server.port, '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});

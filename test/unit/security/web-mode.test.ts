// Web-mode checks that test/unit/web/web-server.test.ts does not already make: how the token is
// compared, Host/Origin look-alikes, request targets that do not parse (these used to throw inside
// the 'upgrade' listener and take the whole process down), and the log never holding a token.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect } from 'node:net';
import type WebSocket from 'ws';

// Spy on the comparison the token check must use; everything else in node:crypto is the real thing.
const timingSafeEqual = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  return {
    ...real,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timingSafeEqual.calls++;
      return real.timingSafeEqual(a, b);
    },
  };
});

const { checkUpgrade, tokenMatches } = await import('../../../src/main/web/security');
const { SECRET, openSocket, rawRequest, roundTrip, startFixture } = await import('../web/helpers');
const { FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT_MS } = await import('./contract-arbitraries');
type Fixture = Awaited<ReturnType<typeof startFixture>>;

describe('tokenMatches (constant time)', () => {
  const token = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';

  it('compares equal-length candidates with crypto.timingSafeEqual, never with ===', () => {
    const before = timingSafeEqual.calls;
    expect(tokenMatches(token, token)).toBe(true);
    // Wrong in the first, a middle and the last character: same length, so the full comparison runs.
    for (const i of [0, 20, token.length - 1]) {
      const wrong = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
      expect(wrong).toHaveLength(token.length);
      expect(tokenMatches(token, wrong)).toBe(false);
    }
    expect(timingSafeEqual.calls - before).toBe(4);
  });

  it('refuses other lengths, and non-strings, before comparing (the length of a token is not secret)', () => {
    const before = timingSafeEqual.calls;
    for (const wrong of ['', token.slice(1), `${token}x`, token.repeat(2)]) expect(tokenMatches(token, wrong)).toBe(false);
    expect(tokenMatches(token, null)).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
    expect(timingSafeEqual.calls - before).toBe(0);
  });

  it('compares bytes, so a same-length string of multi-byte characters cannot slip through', () => {
    const lookalike = 'é'.repeat(token.length);
    expect(lookalike).toHaveLength(token.length);
    expect(tokenMatches(token, lookalike)).toBe(false);
  });
});

describe('checkUpgrade never throws', () => {
  it.each(['http://[', '//[', 'http://a:b@[::1/ws', 'http://127.0.0.1:99999/ws', '*', ''])('refuses the request target %j with 404', (url) => {
    const req = { url, headers: { host: '127.0.0.1:5000', origin: 'http://127.0.0.1:5000' } } as never;
    expect(checkUpgrade(req, 5000, 'token')).toMatchObject({ status: 404 });
  });
});

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.cleanup();
});

/** Sends a raw WebSocket upgrade with exactly these headers; resolves with the status line. */
function rawUpgrade(target: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port: fx.server.port });
    let buf = '';
    s.on('data', (d) => (buf += String(d)));
    s.on('error', (err) => resolve(`error ${err.message}`));
    s.on('close', () => resolve(buf.split('\r\n')[0] ?? ''));
    const lines = Object.entries({
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
      'Sec-WebSocket-Version': '13',
      ...headers,
    }).map(([k, v]) => `${k}: ${v}\r\n`);
    s.write(`GET ${target} HTTP/1.1\r\n${lines.join('')}\r\n`);
  });
}

describe('web mode against a real server', () => {
  const ws = (token: string): string => `ws://127.0.0.1:${fx.server.port}/ws?token=${encodeURIComponent(token)}`;

  it('survives upgrade requests whose target does not parse, and keeps serving', async () => {
    const host = `127.0.0.1:${fx.server.port}`;
    for (const target of ['http://[', '//[', `http://127.0.0.1:99999/ws?token=${fx.server.token}`]) {
      expect(await rawUpgrade(target, { Host: host, Origin: `http://${host}` })).toBe('HTTP/1.1 404 Not Found');
    }
    const opened = await openSocket(ws(fx.server.token), { origin: fx.origin });
    if (!opened.ok) throw new Error(`upgrade refused after the hostile targets: ${JSON.stringify(opened)}`);
    expect(await roundTrip(opened.ws, JSON.stringify({ id: 1, name: 'app.info', payload: null }))).toMatchObject({ id: 1, reply: { ok: true } });
    opened.ws.close();
  });

  it('refuses Host look-alikes for the socket (DNS rebinding) with 403', async () => {
    const port = fx.server.port;
    for (const host of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port}.evil.example`, `127.0.0.2:${port}`, `[::1]:${port}`, `0x7f.0.0.1:${port}`]) {
      const status = await rawUpgrade(`/ws?token=${fx.server.token}`, { Host: host, Origin: fx.origin });
      expect([host, status]).toEqual([host, 'HTTP/1.1 403 Forbidden']);
    }
    // No Host header at all.
    expect(await rawUpgrade(`/ws?token=${fx.server.token}`, { Origin: fx.origin })).toMatch(/^HTTP\/1\.1 (400|403) /);
  });

  it('refuses Host look-alikes for static files with 403', async () => {
    const port = fx.server.port;
    for (const host of [`localhost:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, `evil.example`]) {
      expect([host, (await rawRequest(port, '/', { host })).status]).toEqual([host, 403]);
    }
  });

  it('refuses Origin look-alikes with 403', async () => {
    const port = fx.server.port;
    for (const origin of ['null', `${fx.origin}/`, `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`, `http://127.0.0.1`, 'file://']) {
      expect([origin, await openSocket(ws(fx.server.token), { origin })]).toEqual([origin, { ok: false, status: 403 }]);
    }
  });

  it('refuses token variants with 401: case, padding, other parameter names, percent tricks', async () => {
    const t = fx.server.token;
    const variants = [t.toUpperCase() === t ? t.toLowerCase() : t.toUpperCase(), ` ${t}`, `${t} `, `${t}=`, `${t}\u0000`];
    for (const variant of variants) expect(await openSocket(ws(variant), { origin: fx.origin })).toEqual({ ok: false, status: 401 });
    const port = fx.server.port;
    for (const query of [`Token=${t}`, `token[]=${t}`, `t=${t}`, `token=${t.slice(0, 21)}&token=${t.slice(21)}`]) {
      expect(await openSocket(`ws://127.0.0.1:${port}/ws?${query}`, { origin: fx.origin })).toEqual({ ok: false, status: 401 });
    }
  });

  it('closes only the socket that goes over the size cap; an in-cap message on another socket is answered', async () => {
    const a = await openSocket(ws(fx.server.token), { origin: fx.origin, maxPayload: 0 });
    const b = await openSocket(ws(fx.server.token), { origin: fx.origin });
    if (!a.ok || !b.ok) throw new Error('upgrade refused');
    const { LIMITS } = await import('../../../src/shared/schema');
    const closed = new Promise<number>((resolve) => (a.ws as WebSocket).on('close', (code) => resolve(code)));
    a.ws.on('error', () => undefined);
    // One byte over the cap, as a binary frame: the cap is on bytes, whatever the frame says it is.
    a.ws.send(Buffer.alloc(LIMITS.messageBytes + 1, 0x20), { binary: true });
    expect(await closed).toBe(1009);
    const big = JSON.stringify({ id: 2, name: 'app.info', payload: 'x'.repeat(1 << 20) });
    expect(await roundTrip(b.ws, big)).toMatchObject({ id: 2, reply: { ok: false, error: { code: 'invalid-payload' } } });
    b.ws.close();
  }, 120_000);

  it('serves nothing from outside the renderer folder, whatever the path (fuzzed)', async () => {
    // Segments that have escaped static servers before: raw and encoded dots and slashes, NUL,
    // backslashes, a symlink out of the root (assets/escape.txt), dot-files, overlong UTF-8.
    const segment = fc.constantFrom(
      '..', '.', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '%252e%252e', '%c0%ae%c0%ae', '..%2f', '..%5c', '%2f', '%5c', '\\', '%00', '',
      'assets', 'escape.txt', 'index.html', 'secret.txt', '.env', 'app.js', '%61ssets', '..;', '~',
    );
    const allowed = new Map([
      ['<title>workbench</title>', 'index.html'],
      ['console.log("app");', 'assets/app.js'],
      ['body{}', 'assets/style.css'],
    ]);
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.constantFrom('', '?token=x', '#frag'), async (segments, suffix) => {
        const res = await rawRequest(fx.server.port, `/${segments.join('/')}${suffix}`);
        expect(res.body).not.toContain(SECRET);
        expect(res.body).not.toContain('HIDDEN=1');
        expect([200, 404]).toContain(res.status);
        if (res.status === 200) expect([...allowed.keys()].some((k) => res.body.includes(k))).toBe(true);
      }),
      { numRuns: Math.min(FUZZ_RUNS, 2000), seed: FUZZ_SEED },
    );
  }, FUZZ_TIMEOUT_MS);

  it('never writes the token, or a near miss of it, into the log', () => {
    expect(fx.lines.some((l) => l.includes('websocket refused (401)'))).toBe(true);
    expect(fx.lines.some((l) => l.includes('websocket refused (403)'))).toBe(true);
    const t = fx.server.token;
    for (const line of fx.lines) {
      expect(line).not.toContain(t);
      // Half the token is already too much to show: a log reader could rebuild it from two halves.
      expect(line).not.toContain(t.slice(0, 21));
      expect(line).not.toContain(t.slice(21));
    }
  });
});

// Issue 12, items 1 and 8 over the real web server: a reply over its budget, or one that cannot be
// serialized at all, comes back as a typed error for its id (the socket and the process live on);
// the same budget holds on the Electron transport; one socket cannot starve the others, work is
// bounded in total, and app.info answers at once under a 50 × 64 backlog.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Reply } from '../../../src/shared/api';
import { LIMITS } from '../../../src/shared/schema';
import type { Handlers } from '../../../src/main/dispatch';
import { EventHub } from '../../../src/main/events';
import { createHandlers } from '../../../src/main/handlers';
import { RunStore } from '../../../src/main/services/runs/store';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import { handleRequest, withinBudget } from '../../../src/main/electron/ipc';
import { stringifyBounded } from '../../../src/main/handlers/reply-json';
import { linregDraft } from '../runs/helpers';

interface ReplyMessage {
  id: string | number | null;
  reply: Reply<unknown>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(handlers: Handlers, extra: Partial<Parameters<typeof startWebServer>[0]> = {}): Promise<WebServer> {
  const base = mkdtempSync(join(tmpdir(), 'd2l-replies-'));
  writeFileSync(join(base, 'index.html'), '<!doctype html><title>t</title>');
  const server = await startWebServer({ port: 0, rendererDir: base, handlers, events: new EventHub(), ...extra });
  cleanups.push(async () => {
    await server.close();
    rmSync(base, { recursive: true, force: true });
  });
  return server;
}

interface Client {
  ws: WebSocket;
  replies: ReplyMessage[];
  request(id: number | string, name: string, payload: unknown): void;
  next(id: number | string): Promise<ReplyMessage>;
}

async function connect(server: WebServer): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}`, maxPayload: 256 << 20 });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const replies: ReplyMessage[] = [];
  const waiters = new Map<number | string, (m: ReplyMessage) => void>();
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ReplyMessage;
    replies.push(m);
    if (m.id !== null) waiters.get(m.id)?.(m);
  });
  cleanups.push(() => ws.terminate());
  return {
    ws,
    replies,
    request: (id, name, payload) => ws.send(JSON.stringify({ id, name, payload })),
    next: (id) => {
      const seen = replies.find((m) => m.id === id);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.set(id, resolve);
        ws.once('close', (code) => reject(new Error(`socket closed (${code}) before reply ${id}`)));
      });
    },
  };
}

function realHandlers(): { handlers: Handlers; store: RunStore } {
  const dataDir = mkdtempSync(join(tmpdir(), 'd2l-replies-data-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const store = new RunStore(dataDir);
  return { handlers: createHandlers({ dataDir, mode: 'web', systemLang: 'en', runs: store }), store };
}

describe('replies over budget or unserializable (item 1)', () => {
  it('a reply over the budget is a too-large error naming both sizes; the socket keeps working', async () => {
    const { handlers, store } = realHandlers();
    for (let i = 0; i < 3; i++) await store.save(linregDraft({ title: 'x'.repeat(150) }));
    const server = await serve(handlers, { replyBytes: 600 });
    const c = await connect(server);
    c.request(1, 'runs.list', null);
    const reply = await c.next(1);
    expect(reply.reply).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(!reply.reply.ok && reply.reply.error.message).toMatch(/^the reply is more than \d+ bytes; one reply may hold at most 600 bytes$/);
    c.request(2, 'app.info', null);
    expect((await c.next(2)).reply.ok).toBe(true);
  });

  it('a reply that JSON cannot carry (a BigInt, a cycle) is an error reply, not a dead process', async () => {
    const { handlers } = realHandlers();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const broken: Handlers = {
      ...handlers,
      'runs.list': async () => ({ runs: [{ big: 10n }], problems: [] }) as never,
      'runs.get': async () => cyclic as never,
    };
    const server = await serve(broken);
    const c = await connect(server);
    c.request('a', 'runs.list', null);
    c.request('b', 'runs.get', { id: 'x' });
    const a = await c.next('a');
    const b = await c.next('b');
    expect(a.reply).toMatchObject({ ok: false, error: { code: 'internal', message: 'the reply holds a BigInt, which JSON cannot carry' } });
    expect(b.reply).toMatchObject({ ok: false, error: { code: 'too-large', message: expect.stringContaining('nested more than') } });
    c.request('c', 'experiments.list', null);
    expect((await c.next('c')).reply.ok).toBe(true);
  });

  it('runs.params of a run over the per-reply value cap is refused with both counts before anything is read', async () => {
    const { handlers, store } = realHandlers();
    const n = LIMITS.paramValuesPerReply + 1;
    const id = await store.save(linregDraft(), { w: { shape: [n], data: new Float32Array(n) } });
    const server = await serve(handlers);
    const c = await connect(server);
    c.request(1, 'runs.params', { id });
    expect((await c.next(1)).reply).toEqual({
      ok: false,
      error: { code: 'too-large', message: `run ${id} has ${n} parameter values; one reply may hold at most ${LIMITS.paramValuesPerReply}: export it to a file with \`d2l-workbench export ${id} --format safetensors --out FILE\`` },
    });
  });

  it('the Electron transport answers an over-budget reply with too-large', async () => {
    const { handlers } = realHandlers();
    const frame = { url: 'app://workbench/index.html' };
    const window = { isDestroyed: () => false, webContents: { mainFrame: frame, isDestroyed: () => false, getURL: () => frame.url, send: () => undefined } };
    const huge: Handlers = { ...handlers, 'notes.list': async () => [{ id: 'x'.repeat(LIMITS.replyBytes) }] as never };
    const reply = await handleRequest({ senderFrame: frame }, { name: 'notes.list', payload: null }, huge, [window]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(await handleRequest({ senderFrame: frame }, { name: 'app.info', payload: null }, huge, [window])).toMatchObject({ ok: true });
  });

  it('the Electron transport holds the same budget', async () => {
    expect(await withinBudget({ ok: true, result: { a: 'x'.repeat(100) } }, 50)).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(await withinBudget({ ok: true, result: [1, 2, 3] }, 50)).toEqual({ ok: true, result: [1, 2, 3] });
    const error = { ok: false as const, error: { code: 'not-found' as const, message: 'no' } };
    expect(await withinBudget(error, 1)).toBe(error);
  });

  it('builds the same text as JSON.stringify, in slices', async () => {
    const value = { a: [1, -0, 1e21, Number.NaN, 'q"\n', null, undefined, () => 1], b: undefined, c: { d: true, e: new Date(0) }, f: [[], {}] };
    expect(await stringifyBounded(value, 1e6)).toBe(JSON.stringify(value));
    const deep = Array.from({ length: 100_000 }, (_, i) => i / 7);
    expect(await stringifyBounded(deep, 1e7)).toBe(JSON.stringify(deep));
  });
});

describe('work is bounded and shared fairly (item 8)', () => {
  /** A runs.list whose calls finish only when the test says so, in the order they started. */
  function gated(handlers: Handlers) {
    const started: Array<{ socket: string; release: () => void }> = [];
    let running = 0;
    let peak = 0;
    const wrapped: Handlers = {
      ...handlers,
      'runs.list': async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => started.push({ socket: '', release: resolve }));
        running--;
        return { runs: [], problems: [] };
      },
    };
    return { wrapped, started, peak: () => peak };
  }

  it('a second socket is served before the first socket\'s 64 queued requests are done', async () => {
    const { handlers } = realHandlers();
    const g = gated(handlers);
    const server = await serve(g.wrapped, { work: { total: 2, perSocket: 2 } });
    const greedy = await connect(server);
    const polite = await connect(server);
    for (let i = 0; i < 64; i++) greedy.request(i, 'runs.list', null);
    await until(() => g.started.length === 2);
    polite.request('mine', 'runs.list', null);
    // Release one call at a time, oldest first, until the polite socket has its answer.
    let released = 0;
    while (!polite.replies.some((m) => m.id === 'mine')) {
      await until(() => g.started.length > released);
      g.started[released++]!.release();
      await new Promise((r) => setTimeout(r, 1));
    }
    const greedyDone = greedy.replies.length;
    expect(greedyDone).toBeLessThan(10);
    expect(g.peak()).toBeLessThanOrEqual(2);
    for (const s of g.started.slice(released)) s.release();
    while (greedy.replies.length < 64) {
      await until(() => g.started.length > released || greedy.replies.length === 64);
      for (const s of g.started.slice(released)) s.release();
      released = g.started.length;
    }
    expect(g.peak()).toBeLessThanOrEqual(2);
  });

  it('50 sockets × 64 runs.list: at most `total` run at once, app.info answers before the backlog, every list answers', async () => {
    const { handlers, store } = realHandlers();
    for (let i = 0; i < 20; i++) await store.save(linregDraft());
    const server = await serve(handlers);
    const clients = await Promise.all(Array.from({ length: 50 }, () => connect(server)));
    for (const c of clients) for (let i = 0; i < 64; i++) c.request(i, 'runs.list', null);
    const probe = await connect(server);
    probe.request('info', 'app.info', null);
    const info = await probe.next('info');
    expect(info.reply.ok).toBe(true);
    const answeredBeforeInfo = clients.reduce((n, c) => n + c.replies.length, 0);
    expect(answeredBeforeInfo).toBeLessThan(50 * 64);
    await until(() => clients.every((c) => c.replies.length === 64), 120_000);
    for (const c of clients) for (const m of c.replies) expect(m.reply).toMatchObject({ ok: true, result: { problems: [] } });
    expect(server.queue.peak).toBeLessThanOrEqual(server.queue.limits.total);
  }, 180_000);
});

async function until(check: () => boolean, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((r) => setTimeout(r, 2));
  }
}

// Property-based fuzzing of web mode: generated frames go over a real authenticated WebSocket to
// the real server (startWebServer on 127.0.0.1:0) and the real handlers, wrapped with spies.
// FUZZ_RUNS sets the runs per property (npm run fuzz: 10 000).
import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { ErrorCode, Reply } from '../../../src/shared/api';
import { checkRequest, requestSchemas } from '../../../src/shared/schema';
import { EventHub } from '../../../src/main/events';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import {
  FUZZ_RUNS, expectRefusedBeforeHandler, expectTypedError, itFuzzes, anyRequest, assertUnpolluted, hostileValue, invalidPayload, jsonRoundTrip, ownProtoKeyPath, prototypeSnapshot,
  requestNameArb, spiedRealHandlers, unknownNameArb, watchUnhandled, type SpiedHandlers,
} from './contract-arbitraries';

interface ReplyMessage {
  id: string | number | null;
  reply: Reply<unknown>;
}

let spied: SpiedHandlers;
let server: WebServer;
let ws: WebSocket;
let rendererDir: string;
let protoBefore: string;
let unhandled: ReturnType<typeof watchUnhandled>;
const logLines: string[] = [];
/** Replies in arrival order; a property takes the next one (one request in flight at a time). */
const inbox: ReplyMessage[] = [];
let waiting: { resolve: (m: ReplyMessage) => void; reject: (err: Error) => void } | undefined;

beforeAll(async () => {
  protoBefore = prototypeSnapshot();
  unhandled = watchUnhandled();
  spied = spiedRealHandlers('web');
  rendererDir = mkdtempSync(join(tmpdir(), 'd2l-fuzz-renderer-'));
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>fuzz</title>');
  server = await startWebServer({ port: 0, rendererDir, handlers: spied.handlers, events: new EventHub(), log: (l) => logLines.push(l) });
  ws = await new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
  ws.on('message', (data) => {
    const m = JSON.parse(String(data)) as ReplyMessage;
    if (waiting) {
      const w = waiting;
      waiting = undefined;
      w.resolve(m);
    } else inbox.push(m);
  });
  ws.on('close', (code) => waiting?.reject(new Error(`the server closed the socket (${code}) instead of replying`)));
});

afterAll(async () => {
  unhandled.stop();
  ws?.close();
  await server?.close();
  rmSync(spied.dataDir, { recursive: true, force: true });
  rmSync(rendererDir, { recursive: true, force: true });
});

function next(): Promise<ReplyMessage> {
  const queued = inbox.shift();
  if (queued) return Promise.resolve(queued);
  return new Promise((resolve, reject) => {
    waiting = { resolve, reject };
  });
}

async function send(frame: string | Buffer, binary = false): Promise<ReplyMessage> {
  const reply = next();
  ws.send(frame, { binary });
  return reply;
}

/** Sends a frame the server must refuse with `code` before any handler runs; returns the reply message. */
function sendRefused(frame: string | Buffer, code: ErrorCode, binary = false): Promise<ReplyMessage> {
  return expectRefusedBeforeHandler(spied, code, () => send(frame, binary), (m) => m.reply);
}

let nextId = 1;

describe(`WebSocket fuzzing through the real server (${FUZZ_RUNS} runs per property)`, () => {
  itFuzzes('refuses a payload that is invalid by construction with invalid-payload, and never runs the handler', () => fc.asyncProperty(requestNameArb.chain((name) => invalidPayload(name).map((bad) => ({ name, ...bad }))), async ({ name, payload }) => {
    const id = nextId++;
    const m = await sendRefused(JSON.stringify({ id, name, payload }), 'invalid-payload');
    expect(m.id).toBe(id);
  }));

  itFuzzes('refuses unknown request names with unknown-request', () => fc.asyncProperty(unknownNameArb, hostileValue, async (name, payload) => {
    const id = nextId++;
    const m = await sendRefused(JSON.stringify({ id, name, payload }), 'unknown-request');
    expect(m.id).toBe(id);
  }));

  itFuzzes('answers frames that are not a request (garbage text, non-objects, bad ids, binary) with a typed error and id null', () => {
    const garbage = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.constantFrom('{', '{"id":1,"name":', '\u0000', '[]', 'null', '"x"', '1e999', '{"__proto__":{"id":1}}', '{"constructor":{"prototype":{"id":1}}}'),
      hostileValue.map((value) => JSON.stringify(value) ?? 'undefined'),
      fc.record({ id: fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noInteger: true }), fc.constant(''), fc.constant('x'.repeat(129)), fc.constant({})), name: fc.constant('app.info'), payload: fc.constant(null) }).map((m) => JSON.stringify(m)),
    );
    return fc.asyncProperty(fc.oneof(garbage.map((text) => ({ text, binary: false })), fc.uint8Array({ maxLength: 64 }).map((b) => ({ text: Buffer.from(b), binary: true }))), async ({ text, binary }) => {
      if (!binary && isRequestShaped(text as string)) return;
      const m = await sendRefused(text, 'invalid-payload', binary);
      expect(m.id).toBeNull();
    });
  });

  itFuzzes('answers any request with an envelope; the handler runs exactly when the schema accepts what arrived', () => fc.asyncProperty(anyRequest, async ({ name, payload }) => {
    const before = spied.calls.length;
    const id = nextId++;
    const m = await send(JSON.stringify({ id, name, payload }));
    expect(m.id).toBe(id);
    // The server judges what JSON delivered (NaN → null, undefined dropped), not what was generated.
    const arrived = jsonRoundTrip({ name, payload }) as { name?: unknown; payload?: unknown };
    const accepted = checkRequest(arrived.name, arrived.payload).ok;
    expect(spied.calls.length - before).toBe(accepted ? 1 : 0);
    if (!m.reply.ok) expectTypedError(m.reply);
    if (!accepted) return;
    const call = spied.calls[spied.calls.length - 1]!;
    expect(v.safeParse(requestSchemas[call.name], call.payload).success).toBe(true);
    expect(ownProtoKeyPath(call.payload)).toBeUndefined();
    if (!m.reply.ok && m.reply.error.code === 'internal') expect(m.reply.error.message).toBe('training is not available in this process');
  }));

  it('kept the socket open, Object.prototype unpolluted, no rejection unhandled, and the token out of the log', async () => {
    const m = await send(JSON.stringify({ id: 'last', name: 'app.info', payload: null }));
    expect(m).toMatchObject({ id: 'last', reply: { ok: true } });
    assertUnpolluted(protoBefore);
    expect(unhandled.rejections).toEqual([]);
    for (const line of logLines) expect(line).not.toContain(server.token);
  });
});

/** True for text that parses as an object with a valid request id: those are requests, not garbage. */
function isRequestShaped(text: string): boolean {
  try {
    const m = JSON.parse(text) as unknown;
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
    const id = (m as { id?: unknown }).id;
    return (typeof id === 'string' && id.length > 0 && id.length <= 128) || (typeof id === 'number' && Number.isSafeInteger(id));
  } catch {
    return false;
  }
}

// One authenticated WebSocket: JSON requests `{ id, name, payload }` go through `dispatch` and
// come back as `{ id, reply }`. Anything malformed gets a typed error reply; nothing a peer sends
// can throw out of here, and no reply can take the process down: a reply is serialized within its
// budget (a `too-large` error reply otherwise), and a failing send is logged, never thrown.
import type { WebSocket, RawData } from 'ws';
import { WorkbenchError, type Reply, type WorkbenchErrorData } from '../../shared/api';
import { LIMITS, isRequestName } from '../../shared/schema';
import { dispatch, type Handlers } from '../dispatch';
import { stringifyBounded } from '../handlers/reply-json';
import { FairQueue, LIGHT_REQUESTS } from './work-queue';

/** Requests one socket may have running at once; more are answered with an error, not queued. */
export const MAX_IN_FLIGHT = 64;
/** A peer that stops reading is dropped rather than buffered for without bound. */
export const MAX_BUFFERED_BYTES = 16 << 20;
const MAX_ID_CHARS = 128;

export type RequestId = string | number;

export interface ReplyMessage {
  id: RequestId | null;
  reply: Reply<unknown>;
}

function failure(code: WorkbenchErrorData['code'], message: string): Reply<unknown> {
  return { ok: false, error: { code, message } };
}

function isRequestId(id: unknown): id is RequestId {
  if (typeof id === 'string') return id.length > 0 && id.length <= MAX_ID_CHARS;
  return typeof id === 'number' && Number.isSafeInteger(id);
}

/** Parses one frame into a request, or the reply that explains why it is not one. */
export function parseRequest(data: RawData, isBinary: boolean): { id: RequestId; name: unknown; payload: unknown } | ReplyMessage {
  if (isBinary) return { id: null, reply: failure('invalid-payload', 'binary frames are not accepted; send JSON text { id, name, payload }') };
  let message: unknown;
  try {
    message = JSON.parse(rawToString(data));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { id: null, reply: failure('invalid-payload', `message is not valid JSON (${why.slice(0, 200)}); send { id, name, payload }`) };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { id: null, reply: failure('invalid-payload', 'message must be a JSON object { id, name, payload }') };
  }
  const record = message as Record<string, unknown>;
  if (!isRequestId(record.id)) {
    return {
      id: null,
      reply: failure('invalid-payload', `message id must be a non-empty string of at most ${MAX_ID_CHARS} characters or a safe integer`),
    };
  }
  return { id: record.id, name: record.name, payload: record.payload };
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

/** Sends text if the socket is open and keeping up; never throws (a failure is logged). */
export function sendText(socket: WebSocket, text: string, log?: (line: string) => void): void {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.terminate();
    return;
  }
  try {
    socket.send(text, (err) => {
      if (err) log?.(`websocket send failed: ${err.message}`);
    });
  } catch (err) {
    log?.(`websocket send failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Sends an event or a small fixed reply; a message that cannot be serialized is logged and dropped. */
export function send(socket: WebSocket, message: unknown, log?: (line: string) => void): void {
  let text: string;
  try {
    text = JSON.stringify(message);
  } catch (err) {
    log?.(`websocket message dropped: ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  sendText(socket, text, log);
}

/**
 * Sends a request's reply. Serialization is bounded (LIMITS.replyBytes) and done in slices; a reply
 * that is too large or cannot be serialized becomes a typed error reply for the same id.
 */
export async function sendReply(socket: WebSocket, id: RequestId, reply: Reply<unknown>, log?: (line: string) => void, limit: number = LIMITS.replyBytes): Promise<void> {
  let text: string;
  try {
    text = await stringifyBounded({ id, reply } satisfies ReplyMessage, limit);
  } catch (err) {
    const error: WorkbenchErrorData =
      err instanceof WorkbenchError ? err.toData() : { code: 'internal', message: `the reply could not be serialized: ${err instanceof Error ? err.message : String(err)}` };
    log?.(`reply ${String(id).slice(0, 40)} refused: ${error.message}`);
    text = JSON.stringify({ id, reply: { ok: false, error } } satisfies ReplyMessage);
  }
  sendText(socket, text, log);
}

export interface SessionOptions {
  log?: (line: string) => void;
  /** The server's shared queue: bounds work over all sockets and serves them round-robin. */
  queue?: FairQueue;
  /** Budget of one reply (tests lower it). */
  replyBytes?: number;
}

export function attachSession(socket: WebSocket, handlers: Handlers, options: SessionOptions = {}): void {
  const { log } = options;
  const lane = (options.queue ?? new FairQueue()).lane();
  let inFlight = 0;
  socket.on('message', (data, isBinary) => {
    const parsed = parseRequest(data, isBinary);
    if ('reply' in parsed) {
      send(socket, parsed, log);
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      send(socket, { id: parsed.id, reply: failure('internal', `too many requests in flight (limit ${MAX_IN_FLIGHT}); wait for replies first`) }, log);
      return;
    }
    inFlight++;
    const light = isRequestName(parsed.name) && LIGHT_REQUESTS.has(parsed.name);
    lane.submit(async () => {
      let reply: Reply<unknown>;
      try {
        reply = await dispatch(handlers, parsed.name, parsed.payload);
      } catch (err) {
        reply = failure('internal', err instanceof Error ? err.message : String(err));
      }
      try {
        await sendReply(socket, parsed.id, reply, log, options.replyBytes);
      } finally {
        inFlight--;
      }
    }, light);
  });
  socket.on('close', () => lane.close());
  socket.on('error', (err) => log?.(`websocket error: ${err.message}`));
}

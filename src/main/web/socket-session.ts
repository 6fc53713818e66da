// One authenticated WebSocket: JSON requests `{ id, name, payload }` go through `dispatch` and
// come back as `{ id, reply }`. Anything malformed gets a typed error reply; nothing a peer sends
// can throw out of here.
import type { WebSocket, RawData } from 'ws';
import type { Reply, WorkbenchErrorData } from '../../shared/api';
import { dispatch, type Handlers } from '../dispatch';

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

export function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
    socket.terminate();
    return;
  }
  socket.send(JSON.stringify(message));
}

export function attachSession(socket: WebSocket, handlers: Handlers, log?: (line: string) => void): void {
  let inFlight = 0;
  socket.on('message', (data, isBinary) => {
    const parsed = parseRequest(data, isBinary);
    if ('reply' in parsed) {
      send(socket, parsed);
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      send(socket, { id: parsed.id, reply: failure('internal', `too many requests in flight (limit ${MAX_IN_FLIGHT}); wait for replies first`) });
      return;
    }
    inFlight++;
    dispatch(handlers, parsed.name, parsed.payload)
      .catch((err: unknown) => failure('internal', err instanceof Error ? err.message : String(err)))
      .then((reply) => {
        inFlight--;
        send(socket, { id: parsed.id, reply } satisfies ReplyMessage);
      });
  });
  socket.on('error', (err) => log?.(`websocket error: ${err.message}`));
}

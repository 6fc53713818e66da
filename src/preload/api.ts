// window.workbench for Electron: the contract over IPC and nothing more. The renderer gets two
// functions; it never sees ipcRenderer, IPC events or channel names.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { EventName, Events, Payload, Reply, RequestName, Result, WorkbenchApi } from '../shared/api';
import { WorkbenchError } from '../shared/api';
import { EVENT_NAME_LIST, REQUEST_NAME_LIST, isKnownEventName, isKnownRequestName } from '../shared/names';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from '../main/electron/channels';

export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 80)) : typeof value;
}

function isReply(value: unknown): value is Reply<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: unknown };
  if (v.ok === true) return 'result' in v;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

export function createWorkbenchApi(ipc: IpcRendererLike): WorkbenchApi {
  async function invoke<K extends RequestName>(name: K, payload: Payload<K>): Promise<Result<K>> {
    if (!isKnownRequestName(name)) {
      throw new WorkbenchError({ code: 'unknown-request', message: `unknown request ${describe(name)}; known: ${REQUEST_NAME_LIST.join(', ')}` });
    }
    const reply: unknown = await ipc.invoke(REQUEST_CHANNEL, { name, payload });
    if (!isReply(reply)) throw new WorkbenchError({ code: 'internal', message: `malformed reply to ${name}` });
    if (reply.ok) return reply.result as Result<K>;
    throw new WorkbenchError(reply.error);
  }

  function on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
    if (!isKnownEventName(name)) throw new TypeError(`unknown event ${describe(name)}; known: ${EVENT_NAME_LIST.join(', ')}`);
    if (typeof listener !== 'function') throw new TypeError(`listener for ${name} must be a function, got ${typeof listener}`);
    // The IpcRendererEvent stays here: handing it to the page would leak `sender` (ipcRenderer).
    const relay = (_event: IpcRendererEvent, message: unknown): void => {
      if (typeof message !== 'object' || message === null) return;
      const m = message as { name?: unknown; payload?: unknown };
      if (m.name === name) listener(m.payload as Events[E]);
    };
    ipc.on(EVENT_CHANNEL, relay);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(EVENT_CHANNEL, relay);
    };
  }

  return Object.freeze({ invoke, on });
}

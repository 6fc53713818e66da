// window.workbench for Electron: the contract over IPC and nothing more. The renderer gets two
// functions; it never sees ipcRenderer, IPC events or channel names.
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import type { EventName, Events, Payload, Reply, RequestName, Result, WorkbenchApi, WorkbenchErrorData } from '../shared/api';
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

/**
 * Rejections are plain `WorkbenchErrorData` objects, not Errors: contextBridge rebuilds an Error
 * crossing into the page as `new Error(message)` and drops `code` and `issues`, while a plain
 * object is cloned whole. The renderer's transport turns it back into a WorkbenchError.
 */
function reject(data: WorkbenchErrorData): never {
  throw data.issues ? { code: data.code, message: data.message, issues: data.issues } : { code: data.code, message: data.message };
}

export function createWorkbenchApi(ipc: IpcRendererLike): WorkbenchApi {
  async function invoke<K extends RequestName>(name: K, payload: Payload<K>): Promise<Result<K>> {
    if (!isKnownRequestName(name)) {
      reject({ code: 'unknown-request', message: `unknown request ${describe(name)}; known: ${REQUEST_NAME_LIST.join(', ')}` });
    }
    const reply: unknown = await ipc.invoke(REQUEST_CHANNEL, { name, payload });
    if (!isReply(reply)) reject({ code: 'internal', message: `malformed reply to ${name}` });
    if (reply.ok) return reply.result as Result<K>;
    reject(reply.error);
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

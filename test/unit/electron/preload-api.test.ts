import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from '../../../src/main/electron/channels';
import { type IpcRendererLike, createWorkbenchApi } from '../../../src/preload/api';

type Listener = (event: unknown, ...args: unknown[]) => void;

// Records what the preload asks of ipcRenderer; `emit` plays the main process sending an event.
function fakeIpc(...args: [reply?: unknown]) {
  const reply = args.length > 0 ? args[0] : { ok: true, result: null };
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn(async (_channel: string, ..._args: unknown[]) => reply),
    on: vi.fn((channel: string, listener: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return ipc;
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
      return ipc;
    }),
    emit(channel: string, message: unknown) {
      const ipcEvent = { sender: { secret: 'ipcRenderer' }, senderId: 0 };
      for (const l of listeners.get(channel) ?? []) l(ipcEvent, message);
    },
    count(channel: string) {
      return listeners.get(channel)?.size ?? 0;
    },
  };
  return ipc;
}

const asIpc = (ipc: ReturnType<typeof fakeIpc>) => ipc as unknown as IpcRendererLike;

describe('window.workbench (preload api)', () => {
  it('exposes exactly invoke and on, frozen', () => {
    const api = createWorkbenchApi(asIpc(fakeIpc()));
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invoke sends {name, payload} on the request channel and resolves the result', async () => {
    const ipc = fakeIpc({ ok: true, result: [{ id: 'linreg-concise' }] });
    const api = createWorkbenchApi(asIpc(ipc));
    await expect(api.invoke('experiments.list', null)).resolves.toEqual([{ id: 'linreg-concise' }]);
    expect(ipc.invoke).toHaveBeenCalledExactlyOnceWith(REQUEST_CHANNEL, { name: 'experiments.list', payload: null });
  });

  it('invoke rejects with plain error data (code, message, issues) that survives contextBridge', async () => {
    const error = { code: 'invalid-payload', message: 'invalid payload for app.info', issues: [{ path: '', message: 'Invalid type' }] };
    const api = createWorkbenchApi(asIpc(fakeIpc({ ok: false, error })));
    const err = await api.invoke('app.info', null).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(Error);
    expect(err).toEqual(error);
    expect(structuredClone(err)).toEqual(error);
  });

  it('invoke refuses an unknown request name without sending anything', async () => {
    const ipc = fakeIpc();
    const api = createWorkbenchApi(asIpc(ipc));
    const err = await api.invoke('fs.readFile' as never, null as never).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unknown-request' });
    expect((err as { message: string }).message).toContain('app.info');
    for (const name of ['__proto__', 'toString', '', 42, null]) {
      await expect(api.invoke(name as never, null as never)).rejects.toMatchObject({ code: 'unknown-request' });
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });

  it.each([undefined, null, 'ok', { ok: true }, { ok: false }, { ok: false, error: { code: 1 } }])('invoke rejects a malformed reply %j as internal', async (reply) => {
    const api = createWorkbenchApi(asIpc(fakeIpc(reply)));
    await expect(api.invoke('app.info', null)).rejects.toMatchObject({ code: 'internal' });
  });

  it('on delivers only the payload of the named event, never the IPC event', () => {
    const ipc = fakeIpc();
    const api = createWorkbenchApi(asIpc(ipc));
    const listener = vi.fn();
    api.on('app.notice', listener);
    ipc.emit(EVENT_CHANNEL, { name: 'app.notice', payload: { level: 'info', message: 'hi' } });
    ipc.emit(EVENT_CHANNEL, { name: 'other.event', payload: { level: 'info', message: 'nope' } });
    ipc.emit(EVENT_CHANNEL, 'garbage');
    ipc.emit(EVENT_CHANNEL, null);
    expect(listener).toHaveBeenCalledExactlyOnceWith({ level: 'info', message: 'hi' });
    expect(listener.mock.calls[0]).toHaveLength(1);
  });

  it('on returns an unsubscribe function that is safe to call twice', () => {
    const ipc = fakeIpc();
    const api = createWorkbenchApi(asIpc(ipc));
    const listener = vi.fn();
    const off = api.on('app.notice', listener);
    expect(ipc.count(EVENT_CHANNEL)).toBe(1);
    off();
    off();
    expect(ipc.count(EVENT_CHANNEL)).toBe(0);
    expect(ipc.removeListener).toHaveBeenCalledTimes(1);
    ipc.emit(EVENT_CHANNEL, { name: 'app.notice', payload: { level: 'info', message: 'late' } });
    expect(listener).not.toHaveBeenCalled();
  });

  it('on refuses unknown event names and non-function listeners without subscribing', () => {
    const ipc = fakeIpc();
    const api = createWorkbenchApi(asIpc(ipc));
    expect(() => api.on('ipc.raw' as never, vi.fn())).toThrow(/unknown event "ipc.raw"; known: app.notice/);
    expect(() => api.on('__proto__' as never, vi.fn())).toThrow(/unknown event/);
    expect(() => api.on('app.notice', 'nope' as never)).toThrow(/must be a function/);
    expect(ipc.on).not.toHaveBeenCalled();
  });
});

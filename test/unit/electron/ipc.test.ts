import { describe, expect, it, vi } from 'vitest';
import type { AppInfo } from '../../../src/shared/api';
import type { Handlers } from '../../../src/main/dispatch';
import { EventHub } from '../../../src/main/events';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from '../../../src/main/electron/channels';
import { type FrameLike, type WindowLike, forwardEvents, handleRequest, isTrustedSender, registerIpc, sendEvent } from '../../../src/main/electron/ipc';

const APP_URL = 'app://workbench/index.html';

class FakeWindow implements WindowLike {
  destroyed = false;
  readonly sent: Array<[string, unknown]> = [];
  readonly webContents;
  constructor(url = APP_URL) {
    const frame: FrameLike & { url: string } = { url };
    const win = this;
    this.webContents = {
      mainFrame: frame,
      isDestroyed: () => win.destroyed,
      getURL: () => frame.url,
      send: (channel: string, ...args: unknown[]) => {
        win.sent.push([channel, args[0]]);
      },
    };
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  navigate(url: string): void {
    (this.webContents.mainFrame as { url: string }).url = url;
  }
}

const info: AppInfo = {
  name: 'd2l-workbench',
  version: '0.0.0-test',
  backend: { name: 'ts', label: 'TypeScript' },
  dataDir: '/tmp/d2l-test',
  cli: { command: 'npx d2l-workbench', cwd: '/opt/d2l-workbench', shell: 'posix' },
  mode: 'electron',
  systemLang: 'en',
};

function fakeHandlers() {
  const handlers = {
    'app.info': vi.fn(() => info),
    'experiments.list': vi.fn(() => []),
  };
  return handlers as typeof handlers & Handlers;
}

describe('isTrustedSender', () => {
  it('accepts the main frame of one of our windows showing app://workbench', () => {
    const a = new FakeWindow();
    const b = new FakeWindow();
    expect(isTrustedSender(a.webContents.mainFrame, [a, b])).toBe(true);
    expect(isTrustedSender(b.webContents.mainFrame, [a, b])).toBe(true);
  });

  it('refuses a missing frame', () => {
    const a = new FakeWindow();
    expect(isTrustedSender(null, [a])).toBe(false);
    expect(isTrustedSender(undefined, [a])).toBe(false);
  });

  it('refuses a sub-frame even when it shows an app:// URL', () => {
    const a = new FakeWindow();
    expect(isTrustedSender({ url: APP_URL }, [a])).toBe(false);
  });

  it("refuses a frame that is not one of our windows'", () => {
    const ours = new FakeWindow();
    const foreign = new FakeWindow();
    expect(isTrustedSender(foreign.webContents.mainFrame, [ours])).toBe(false);
  });

  it.each(['https://evil.com/', 'app://evil/index.html', 'file:///tmp/x.html', 'app://workbench:1/', 'about:blank'])(
    'refuses our main frame once it shows %s',
    (url) => {
      const a = new FakeWindow(url);
      expect(isTrustedSender(a.webContents.mainFrame, [a])).toBe(false);
    },
  );

  it('refuses a destroyed window', () => {
    const a = new FakeWindow();
    a.destroyed = true;
    expect(isTrustedSender(a.webContents.mainFrame, [a])).toBe(false);
  });
});

describe('handleRequest', () => {
  it('runs a valid request from a trusted sender and wraps the result', async () => {
    const win = new FakeWindow();
    const handlers = fakeHandlers();
    const reply = await handleRequest({ senderFrame: win.webContents.mainFrame }, { name: 'app.info', payload: null }, handlers, [win]);
    expect(reply).toEqual({ ok: true, result: info });
    expect(handlers['app.info']).toHaveBeenCalledTimes(1);
  });

  it('answers forbidden and runs nothing for an untrusted sender', async () => {
    const ours = new FakeWindow();
    const evil = new FakeWindow('https://evil.com/');
    const handlers = fakeHandlers();
    for (const frame of [null, evil.webContents.mainFrame, { url: APP_URL }]) {
      const reply = await handleRequest({ senderFrame: frame }, { name: 'app.info', payload: null }, handlers, [ours, evil]);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('forbidden');
    }
    expect(handlers['app.info']).not.toHaveBeenCalled();
  });

  it('checks the sender before looking at the message', async () => {
    const handlers = fakeHandlers();
    const reply = await handleRequest({ senderFrame: null }, 'garbage', handlers, []);
    expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it.each([
    [null, 'invalid-payload'],
    ['app.info', 'invalid-payload'],
    [['app.info', null], 'invalid-payload'],
    [42, 'invalid-payload'],
    [{ name: 'fs.readFile', payload: '/etc/passwd' }, 'unknown-request'],
    [{ name: '__proto__', payload: null }, 'unknown-request'],
    [{ name: 'app.info', payload: { extra: 1 } }, 'invalid-payload'],
    [{ name: 'app.info' }, 'invalid-payload'],
  ])('refuses the malformed message %j with %s and runs nothing', async (message, code) => {
    const win = new FakeWindow();
    const handlers = fakeHandlers();
    const reply = await handleRequest({ senderFrame: win.webContents.mainFrame }, message, handlers, [win]);
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe(code);
      expect(reply.error.message.length).toBeGreaterThan(0);
    }
    expect(handlers['app.info']).not.toHaveBeenCalled();
    expect(handlers['experiments.list']).not.toHaveBeenCalled();
  });

  it('reports a handler failure as a typed internal error', async () => {
    const win = new FakeWindow();
    const handlers = fakeHandlers();
    handlers['app.info'].mockImplementation(() => {
      throw new Error('disk on fire');
    });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const reply = await handleRequest({ senderFrame: win.webContents.mainFrame }, { name: 'app.info', payload: null }, handlers, [win]);
    spy.mockRestore();
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'disk on fire' } });
  });
});

describe('registerIpc', () => {
  it('registers one handler on the request channel that goes through handleRequest', async () => {
    const registered = new Map<string, (event: unknown, message: unknown) => Promise<unknown>>();
    const ipcMain = {
      handle: vi.fn((channel: string, fn: (event: unknown, message: unknown) => Promise<unknown>) => {
        registered.set(channel, fn);
      }),
      removeHandler: vi.fn((channel: string) => {
        registered.delete(channel);
      }),
    };
    const win = new FakeWindow();
    const handlers = fakeHandlers();
    const unregister = registerIpc(ipcMain as never, handlers, () => [win]);
    expect(ipcMain.handle).toHaveBeenCalledTimes(1);
    expect([...registered.keys()]).toEqual([REQUEST_CHANNEL]);

    const fn = registered.get(REQUEST_CHANNEL)!;
    await expect(fn({ senderFrame: win.webContents.mainFrame }, { name: 'experiments.list', payload: null })).resolves.toEqual({ ok: true, result: [] });
    await expect(fn({ senderFrame: { url: APP_URL } }, { name: 'experiments.list', payload: null })).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(handlers['experiments.list']).toHaveBeenCalledTimes(1);

    unregister();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(REQUEST_CHANNEL);
  });
});

describe('events to windows', () => {
  const notice = { level: 'warning', message: 'run not saved' } as const;

  it('sends on the event channel to live windows that show the app', () => {
    const a = new FakeWindow();
    const b = new FakeWindow();
    expect(sendEvent([a, b], 'app.notice', notice)).toBe(2);
    expect(a.sent).toEqual([[EVENT_CHANNEL, { name: 'app.notice', payload: notice }]]);
    expect(b.sent).toHaveLength(1);
  });

  it('skips destroyed windows and windows that navigated away', () => {
    const gone = new FakeWindow();
    gone.destroyed = true;
    const away = new FakeWindow();
    away.navigate('https://evil.com/');
    expect(sendEvent([gone, away], 'app.notice', notice)).toBe(0);
    expect(gone.sent).toEqual([]);
    expect(away.sent).toEqual([]);
  });

  it('forwardEvents relays EventHub events until unsubscribed', () => {
    const hub = new EventHub();
    const win = new FakeWindow();
    const stop = forwardEvents(hub, () => [win]);
    hub.emit('app.notice', notice);
    expect(win.sent).toEqual([[EVENT_CHANNEL, { name: 'app.notice', payload: notice }]]);
    stop();
    hub.emit('app.notice', notice);
    expect(win.sent).toHaveLength(1);
  });
});

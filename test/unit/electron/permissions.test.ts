import { describe, expect, it, vi } from 'vitest';
import { type SessionLike, denyPermissionCheck, denyPermissionRequest, hardenSession, shouldCancelRequest } from '../../../src/main/electron/permissions';

describe('permission handlers', () => {
  // The app needs no web permission but writing text to the clipboard (its Copy buttons).
  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown'])(
    'refuses a %s request',
    (permission) => {
      const callback = vi.fn();
      denyPermissionRequest({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    },
  );

  it('refuses every permission check but a sanitized clipboard write', () => {
    expect(denyPermissionCheck()).toBe(false);
    for (const p of ['media', 'clipboard-read', 'notifications']) expect(denyPermissionCheck({}, p)).toBe(false);
    expect(denyPermissionCheck({}, 'clipboard-sanitized-write')).toBe(true);
  });

  it('grants a Copy button its plain-text clipboard write, and nothing else', () => {
    const callback = vi.fn();
    denyPermissionRequest({}, 'clipboard-sanitized-write', callback);
    expect(callback).toHaveBeenCalledExactlyOnceWith(true);
  });
});

describe('shouldCancelRequest', () => {
  it.each(['app://workbench/index.html', 'app://workbench/assets/a.js', 'data:image/png;base64,AAAA', 'blob:app://workbench/1234', 'devtools://devtools/bundled/x.html'])(
    'lets %s through',
    (url) => {
      expect(shouldCancelRequest(url)).toBe(false);
    },
  );

  it.each(['https://d2l.ai/', 'http://127.0.0.1:8080/', 'ws://127.0.0.1:1/', 'file:///etc/passwd', 'ftp://x/', 'not a url'])('cancels %s', (url) => {
    expect(shouldCancelRequest(url)).toBe(true);
  });
});

describe('hardenSession', () => {
  it('installs deny-all permission handlers and the request filter', () => {
    let requestFilter: ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: {
        onBeforeRequest: vi.fn((listener: typeof requestFilter) => {
          requestFilter = listener;
        }),
      },
    };
    hardenSession(session as unknown as SessionLike);
    expect(session.setPermissionRequestHandler).toHaveBeenCalledWith(denyPermissionRequest);
    expect(session.setPermissionCheckHandler).toHaveBeenCalledWith(denyPermissionCheck);
    const device = session.setDevicePermissionHandler.mock.calls[0]?.[0] as () => boolean;
    expect(device()).toBe(false);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const allowed = vi.fn();
    requestFilter?.({ url: 'app://workbench/index.html' }, allowed);
    expect(allowed).toHaveBeenCalledWith({ cancel: false });
    const blocked = vi.fn();
    requestFilter?.({ url: 'https://evil.com/beacon' }, blocked);
    expect(blocked).toHaveBeenCalledWith({ cancel: true });
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});

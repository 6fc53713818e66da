// The app needs no web permissions (camera, notifications, clipboard-read, …): refuse them all,
// both when a page asks and when Chromium merely checks — except writing plain text to the
// clipboard, which the Copy buttons (terminal command, PyTorch snippet) do on a click.
import type { Session } from 'electron';

const ALLOWED = new Set(['clipboard-sanitized-write']);

export function denyPermissionRequest(_webContents: unknown, permission: string, callback: (granted: boolean) => void): void {
  callback(ALLOWED.has(permission));
}

export function denyPermissionCheck(_webContents?: unknown, permission?: string): boolean {
  return permission !== undefined && ALLOWED.has(permission);
}

/** Schemes the renderer may load from; anything else (http, https, file, ws, …) is cancelled. */
const LOADABLE_SCHEMES = new Set(['app:', 'data:', 'blob:', 'devtools:']);

/** `webRequest.onBeforeRequest`: the app is offline, so a network request is a bug or an attack. */
export function shouldCancelRequest(url: string): boolean {
  try {
    return !LOADABLE_SCHEMES.has(new URL(url).protocol);
  } catch {
    return true;
  }
}

export type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler(denyPermissionRequest);
  session.setPermissionCheckHandler(denyPermissionCheck);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    const cancel = shouldCancelRequest(details.url);
    if (cancel) console.warn(`blocked request to ${details.url.slice(0, 200)}`);
    callback({ cancel });
  });
}

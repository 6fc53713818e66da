// The app needs no web permissions (camera, notifications, clipboard-read, …): refuse them all,
// both when a page asks and when Chromium merely checks.
import type { Session } from 'electron';

export function denyPermissionRequest(_webContents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function denyPermissionCheck(): boolean {
  return false;
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

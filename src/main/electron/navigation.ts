// Navigation guards: the window shows the app and only the app. Links to allowed sites open in the
// system browser instead; everything else is dropped.
import type { HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import { isAppUrl } from './app-url';
import { type OpenExternal, openExternalIfAllowed } from './external-links';

export interface PreventableNavigation {
  url: string;
  preventDefault(): void;
}

/** `will-navigate`: stays inside app://workbench; an allowed external link opens outside instead. */
export function guardNavigation(event: PreventableNavigation, openExternal: OpenExternal): boolean {
  if (isAppUrl(event.url)) return true;
  event.preventDefault();
  openExternalIfAllowed(event.url, openExternal);
  return false;
}

/** `will-redirect` and sub-frame navigations: never leave the app and never open anything. */
export function guardRedirect(event: PreventableNavigation): boolean {
  if (isAppUrl(event.url)) return true;
  event.preventDefault();
  return false;
}

/** `setWindowOpenHandler`: no new Electron windows, ever; allowed links go to the system browser. */
export function windowOpenHandler(openExternal: OpenExternal): (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse {
  return ({ url }) => {
    openExternalIfAllowed(url, openExternal);
    return { action: 'deny' };
  };
}

/** `will-attach-webview`: webviews are disabled in the options too; this catches any that slip by. */
export function preventWebview(event: { preventDefault(): void }): void {
  event.preventDefault();
}

// Attaches every navigation guard to one webContents. Called for each webContents the app creates
// (app 'web-contents-created'), so no window or frame is left without them.
import type { WebContents } from 'electron';
import type { OpenExternal } from './external-links';
import { guardNavigation, guardRedirect, preventWebview, windowOpenHandler } from './navigation';

export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

export function hardenWebContents(contents: HardenableContents, openExternal: OpenExternal): void {
  contents.on('will-navigate', (event) => {
    guardNavigation({ url: event.url, preventDefault: () => event.preventDefault() }, openExternal);
  });
  // Sub-frames (iframes) get the same rule but never open links: the main frame's
  // will-navigate already handles those, and handling them here too would open them twice.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) guardRedirect({ url: event.url, preventDefault: () => event.preventDefault() });
  });
  contents.on('will-redirect', (event) => {
    guardRedirect({ url: event.url, preventDefault: () => event.preventDefault() });
  });
  contents.on('will-attach-webview', (event) => preventWebview(event));
  contents.setWindowOpenHandler(windowOpenHandler(openExternal));
}

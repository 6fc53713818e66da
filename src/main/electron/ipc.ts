// The Electron transport of the contract. Every request from a renderer enters through
// `handleRequest`: the sender must be the top-level frame of one of our windows showing
// app://workbench, and the message is validated by `dispatch` before any handler runs.
import type { IpcMain } from 'electron';
import { WorkbenchError, type EventName, type Events, type Reply } from '../../shared/api';
import { LIMITS } from '../../shared/schema';
import { type Handlers, dispatch } from '../dispatch';
import { jsonLengthBounded } from '../handlers/reply-json';
import type { EventHub } from '../events';
import { isAppUrl } from './app-url';
import { EVENT_CHANNEL, REQUEST_CHANNEL } from './channels';

/** What the checks need of a frame (a WebFrameMain in the app). */
export interface FrameLike {
  readonly url: string;
}

/** What the checks need of a window (a BrowserWindow in the app). */
export interface WindowLike {
  isDestroyed(): boolean;
  readonly webContents: {
    readonly mainFrame: FrameLike;
    isDestroyed(): boolean;
    getURL(): string;
    send(channel: string, ...args: unknown[]): void;
  };
}

export type WindowSource = () => Iterable<WindowLike>;

/**
 * True only for the main frame of one of our live windows while it shows app://workbench.
 * Iframes, other windows' frames and a frame that navigated elsewhere are all refused.
 */
export function isTrustedSender(frame: FrameLike | null | undefined, windows: Iterable<WindowLike>): boolean {
  if (!frame) return false;
  for (const win of windows) {
    if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
    if (win.webContents.mainFrame === frame) return isAppUrl(frame.url);
  }
  return false;
}

function forbidden(frame: FrameLike | null | undefined): Reply<never> {
  const from = frame ? JSON.stringify(frame.url.slice(0, 120)) : 'an unknown frame';
  return { ok: false, error: { code: 'forbidden', message: `request refused: sender ${from} is not the app's own window` } };
}

/** Answers one `workbench:request` message; never throws, always replies with the envelope. */
export async function handleRequest(
  event: { readonly senderFrame: FrameLike | null },
  message: unknown,
  handlers: Handlers,
  windows: Iterable<WindowLike>,
): Promise<Reply<unknown>> {
  if (!isTrustedSender(event.senderFrame, windows)) return forbidden(event.senderFrame);
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { ok: false, error: { code: 'invalid-payload', message: `request must be an object {name, payload}, got ${Array.isArray(message) ? 'array' : message === null ? 'null' : typeof message}` } };
  }
  const { name, payload } = message as { name?: unknown; payload?: unknown };
  return withinBudget(await dispatch(handlers, name, payload));
}

/**
 * The reply budget holds on this transport too: Electron structured-clones the reply, so a reply
 * far over budget would cost the main process its memory. Measured in slices, never thrown.
 */
export async function withinBudget(reply: Reply<unknown>, limit: number = LIMITS.replyBytes): Promise<Reply<unknown>> {
  if (!reply.ok) return reply;
  try {
    await jsonLengthBounded(reply.result, limit);
    return reply;
  } catch (err) {
    if (err instanceof WorkbenchError) return { ok: false, error: err.toData() };
    return { ok: false, error: { code: 'internal', message: `the reply could not be measured: ${err instanceof Error ? err.message : String(err)}` } };
  }
}

/** Registers the single request channel. Returns a function that removes it. */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, handlers: Handlers, windows: WindowSource): () => void {
  ipcMain.handle(REQUEST_CHANNEL, (event, message: unknown) => handleRequest(event, message, handlers, windows()));
  return () => ipcMain.removeHandler(REQUEST_CHANNEL);
}

/** Sends one event to every live window that still shows the app; other pages never hear it. */
export function sendEvent<E extends EventName>(windows: Iterable<WindowLike>, name: E, payload: Events[E]): number {
  let sent = 0;
  for (const win of windows) {
    if (win.isDestroyed() || win.webContents.isDestroyed()) continue;
    if (!isAppUrl(win.webContents.getURL())) continue;
    win.webContents.send(EVENT_CHANNEL, { name, payload });
    sent++;
  }
  return sent;
}

/** Forwards every EventHub event to our windows. Returns the unsubscribe function. */
export function forwardEvents(hub: Pick<EventHub, 'subscribe'>, windows: WindowSource): () => void {
  return hub.subscribe((name, payload) => {
    sendEvent(windows(), name, payload);
  });
}

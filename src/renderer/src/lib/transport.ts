// The only renderer module that knows how it talks to the main process. In Electron the preload
// exposes `window.workbench`; in a browser (web mode) the same contract runs over a WebSocket to
// `/ws`, authenticated with the token from the address the server printed.
import * as v from 'valibot';
import type { EventName, Events, Payload, RequestName, Result, WorkbenchApi, WorkbenchErrorData } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { eventSchemas } from '../../../shared/schema';
import { errorMessage } from '../../../shared/error-message';

export type ConnectionState = 'connecting' | 'open' | 'lost' | 'no-token';

export interface Connection {
  readonly state: ConnectionState;
  /** Called now and on every change; returns the unsubscribe function. */
  subscribe(listener: (state: ConnectionState) => void): () => void;
  /** Try to reconnect at once (no-op when open or not applicable). */
  retry(): void;
}

const TOKEN_KEY = 'd2l-workbench.token';

let workbench: WorkbenchApi | undefined;
let connection: Connection | undefined;

export async function getWorkbench(): Promise<WorkbenchApi> {
  init();
  return workbench!;
}

export function getConnection(): Connection {
  init();
  return connection!;
}

function init(): void {
  if (workbench) return;
  const exposed = (window as unknown as { workbench?: WorkbenchApi }).workbench;
  if (exposed) {
    workbench = {
      invoke: (name, payload) => exposed.invoke(name, payload).catch((err: unknown) => {
        throw toWorkbenchError(err);
      }),
      on: (name, listener) => exposed.on(name, listener),
    };
    connection = alwaysOpen;
    return;
  }
  const socket = new SocketWorkbench(takeToken());
  workbench = socket;
  connection = socket;
}

/** The preload rejects with plain error data (Errors lose their fields crossing contextBridge). */
export function toWorkbenchError(err: unknown): WorkbenchError {
  if (err instanceof WorkbenchError) return err;
  if (typeof err === 'object' && err !== null) {
    const e = err as Partial<WorkbenchErrorData>;
    if (typeof e.code === 'string' && typeof e.message === 'string') {
      return new WorkbenchError(Array.isArray(e.issues) ? { code: e.code, message: e.message, issues: e.issues } : { code: e.code, message: e.message });
    }
  }
  return new WorkbenchError({ code: 'internal', message: errorMessage(err) });
}

const alwaysOpen: Connection = {
  state: 'open',
  subscribe(listener) {
    listener('open');
    return () => undefined;
  },
  retry() {},
};

/** Reads the token from the address, keeps it for reloads of this tab, and removes it from the bar. */
function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
    } catch {
      // Storage can be unavailable; the token then lives only in memory for this page.
    }
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };

const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000];

class SocketWorkbench implements WorkbenchApi, Connection {
  state: ConnectionState = 'connecting';
  private ws: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private waiters: Array<() => void> = [];
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly token: string | null) {
    if (token === null) this.setState('no-token');
    else this.connect();
  }

  invoke<K extends RequestName>(name: K, payload: Payload<K>): Promise<Result<K>> {
    return this.whenOpen().then(
      () =>
        new Promise<Result<K>>((resolve, reject) => {
          const id = this.nextId++;
          this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
          this.ws!.send(JSON.stringify({ id, name, payload }));
        }),
    );
  }

  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  subscribe(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    listener(this.state);
    return () => this.stateListeners.delete(listener);
  }

  retry(): void {
    if (this.state !== 'lost') return;
    clearTimeout(this.retryTimer);
    this.retries = 0;
    this.connect();
  }

  private whenOpen(): Promise<void> {
    if (this.state === 'open') return Promise.resolve();
    if (this.state === 'connecting') return new Promise((resolve, reject) => this.waiters.push(() => (this.state === 'open' ? resolve() : reject(this.unavailable()))));
    return Promise.reject(this.unavailable());
  }

  private unavailable(): WorkbenchError {
    return this.state === 'no-token'
      ? new WorkbenchError({ code: 'forbidden', message: 'no access token: open the address that "d2l-workbench serve" printed' })
      : new WorkbenchError({ code: 'internal', message: 'not connected to the workbench server' });
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    if (state !== 'connecting') {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    }
    for (const l of this.stateListeners) l(state);
  }

  private connect(): void {
    this.setState('connecting');
    const url = `ws://${window.location.host}/ws?token=${encodeURIComponent(this.token ?? '')}`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => {
      this.retries = 0;
      this.setState('open');
    };
    ws.onmessage = (e) => this.receive(e.data);
    // A refused upgrade and a dropped connection look the same to a browser: both end here.
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.failPending();
      this.setState('lost');
      this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    if (this.retries >= RETRY_DELAYS_MS.length) return;
    const delay = RETRY_DELAYS_MS[this.retries++]!;
    this.retryTimer = setTimeout(() => {
      if (this.state === 'lost') this.connect();
    }, delay);
  }

  private failPending(): void {
    const err = new WorkbenchError({ code: 'internal', message: 'the connection to the workbench server closed before it replied' });
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    const m = message as Record<string, unknown>;
    if (typeof m.event === 'string') return this.deliverEvent(m.event, m.payload);
    if (typeof m.id !== 'number') return;
    const pending = this.pending.get(m.id);
    if (!pending) return;
    this.pending.delete(m.id);
    const reply = m.reply as { ok?: unknown; result?: unknown; error?: WorkbenchErrorData } | undefined;
    if (reply?.ok === true) pending.resolve(reply.result);
    else if (reply?.ok === false && reply.error && typeof reply.error.message === 'string') pending.reject(new WorkbenchError(reply.error));
    else pending.reject(new WorkbenchError({ code: 'internal', message: 'the server sent a reply this page does not understand' }));
  }

  private deliverEvent(name: string, payload: unknown): void {
    if (!Object.prototype.hasOwnProperty.call(eventSchemas, name)) return;
    const parsed = v.safeParse(eventSchemas[name as EventName], payload);
    if (!parsed.success) return;
    for (const l of this.listeners.get(name as EventName) ?? []) l(parsed.output as never);
  }
}

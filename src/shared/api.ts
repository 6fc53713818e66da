// The one contract between the renderer and the main process. Electron IPC and the web-mode
// WebSocket are two transports of exactly this; the renderer imports only this file's types.
import type { ExperimentSpec } from './catalog';

export type Lang = 'zh' | 'en';

export interface BackendInfo {
  /** Backend the engine runs on now. */
  name: 'native' | 'ts';
  /** Human label, e.g. "native OpenBLAS (Haswell)" or "TypeScript". */
  label: string;
  /** OpenBLAS core name when native, e.g. "Haswell". */
  coreName?: string;
  /** Why native is not in use, when it is not. */
  fallbackReason?: string;
}

export interface AppInfo {
  name: string;
  version: string;
  backend: BackendInfo;
  dataDir: string;
  mode: 'electron' | 'web';
  /** Locale the system suggests, used for the default UI language. */
  systemLang: Lang;
}

/** Every request: name → payload → result. `null` payload means "no arguments". */
export interface Requests {
  'app.info': { payload: null; result: AppInfo };
  'experiments.list': { payload: null; result: ExperimentSpec[] };
}

/** Every event the renderer can receive: name → payload. */
export interface Events {
  /** Something the user should know that did not come from a request (e.g. a failed save). */
  'app.notice': { level: 'info' | 'warning' | 'error'; message: string };
}

export type RequestName = keyof Requests;
export type EventName = keyof Events;
export type Payload<K extends RequestName> = Requests[K]['payload'];
export type Result<K extends RequestName> = Requests[K]['result'];

export type ErrorCode = 'invalid-payload' | 'unknown-request' | 'forbidden' | 'internal' | 'not-found';

export interface WorkbenchErrorData {
  code: ErrorCode;
  message: string;
  /** Field paths and messages for invalid payloads. */
  issues?: Array<{ path: string; message: string }>;
}

/** The envelope both transports carry back for a request. */
export type Reply<T> = { ok: true; result: T } | { ok: false; error: WorkbenchErrorData };

/** What the renderer sees as `window.workbench` (Electron) or builds over WebSocket (web mode). */
export interface WorkbenchApi {
  invoke<K extends RequestName>(name: K, payload: Payload<K>): Promise<Result<K>>;
  /** Subscribe to an event; returns the unsubscribe function. Callbacks get only the payload. */
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}

export class WorkbenchError extends Error implements WorkbenchErrorData {
  readonly code: ErrorCode;
  readonly issues?: Array<{ path: string; message: string }>;
  constructor(data: WorkbenchErrorData) {
    super(data.message);
    this.name = 'WorkbenchError';
    this.code = data.code;
    if (data.issues) this.issues = data.issues;
  }
  toData(): WorkbenchErrorData {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

// The one contract between the renderer and the main process. Electron IPC and the web-mode
// WebSocket are two transports of exactly this; the renderer imports only this file's types.
import type { ExperimentSpec } from './experiment-spec';
import type { NotesRequests } from './notes';
import type { DatasetSamples, DatasetSamplesRequest, DatasetStatus } from './datasets';
import type { ParamMap, RunInfo, TrainingFinished, TrainingProgress, TrainingRequest, TrainingSaved } from './training';
import type { ExportFormat, RunList, RunPatch, RunRecord } from './runs';
import type { CliInvocation } from './terminal-command';
import type { StepRequest, StepView } from './step';

/** A file travelling through the contract (downloads and uploads work the same in both transports). */
export interface FilePayload {
  fileName: string;
  /** File contents, base64. */
  base64: string;
}

export type Lang = 'zh' | 'en';

export interface BackendInfo {
  /** Backend the engine runs on now. */
  name: 'native' | 'wasm' | 'ts';
  /** Human label, e.g. "native OpenBLAS (Haswell)", "WebAssembly SIMD" or "TypeScript". */
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
  /** How a terminal runs this install's CLI (for the "same run from a terminal" line). */
  cli: CliInvocation;
}

/** Every request: name → payload → result. `null` payload means "no arguments". */
export interface Requests extends NotesRequests {
  'app.info': { payload: null; result: AppInfo };
  'experiments.list': { payload: null; result: ExperimentSpec[] };
  /** Validates (same messages as the CLI) and queues a run; progress arrives as events. */
  'training.start': { payload: TrainingRequest; result: { runId: string } };
  /** `ok: false` when the run already ended (or never existed). */
  'training.cancel': { payload: { runId: string }; result: { ok: boolean } };
  /** Runs queued or training now. */
  'training.list': { payload: null; result: RunInfo[] };
  /**
   * Step mode (book 4.7): replays the run the request describes from its seed up to `step` and
   * returns that minibatch with its gradients, update and autograd graph (large tensors summarised).
   */
  'training.step': { payload: StepRequest; result: StepView };
  /** Saved runs, newest first, plus the folders that could not be read and why. */
  'runs.list': { payload: null; result: RunList };
  'runs.get': { payload: { id: string }; result: RunRecord };
  /** Trained parameters by state_dict name (for the readout and for restoring charts). */
  'runs.params': { payload: { id: string }; result: ParamMap };
  'runs.update': { payload: { id: string; patch: RunPatch }; result: RunRecord };
  /** To the OS trash in Electron; removed in web mode. */
  'runs.delete': { payload: { id: string }; result: null };
  'runs.export': { payload: { id: string; format: ExportFormat }; result: FilePayload };
  /** The run as one `.d2lrun` file. */
  'runs.bundle': { payload: { id: string }; result: FilePayload };
  /** Opens a `.d2lrun`; the same bundle opened twice is not duplicated. */
  'runs.import': { payload: FilePayload; result: { id: string; duplicate: boolean } };
  /** Fashion-MNIST: found where (or which files each folder lacks), file sizes and counts. */
  'datasets.status': { payload: null; result: DatasetStatus };
  /** Checks every file completely, then copies them into the data directory; nothing is written if one is bad. */
  'datasets.import': { payload: { files: FilePayload[] }; result: DatasetStatus };
  /** Images and labels for the image grid (at most 100 per request). */
  'datasets.samples': { payload: DatasetSamplesRequest; result: DatasetSamples };
}

/** Every event the renderer can receive: name → payload. */
export interface Events {
  /** Something the user should know that did not come from a request (e.g. a failed save). */
  'app.notice': { level: 'info' | 'warning' | 'error'; message: string };
  /** At most ~30 per second per run; step losses and epoch metrics are never dropped. */
  'training.progress': TrainingProgress;
  /** Exactly once per run, after its last progress event. */
  'training.finished': TrainingFinished;
  /** Once per run the app saves, after its `training.finished`: the saved id, or why saving failed. */
  'training.saved': TrainingSaved;
}

export type RequestName = keyof Requests;
export type EventName = keyof Events;
export type Payload<K extends RequestName> = Requests[K]['payload'];
export type Result<K extends RequestName> = Requests[K]['result'];

/** `too-large`: a reply, export or upload over its size budget (the message gives the size and the limit). */
export type ErrorCode = 'invalid-payload' | 'unknown-request' | 'forbidden' | 'internal' | 'not-found' | 'too-large';

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

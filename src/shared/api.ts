// The one contract between the renderer and the main process. Electron IPC and the web-mode
// WebSocket are two transports of exactly this; the renderer imports only this file's types.
import type { ExperimentSpec } from './experiment-spec';
import type { NoteDemo, NoteDemoRun, NoteDoc, NotePin, NotePinAction, NoteSearchHit, NoteSummary } from './notes';
import type { DatasetSamples, DatasetSamplesRequest, DatasetStatus } from './datasets';
import type { ParamMap, RunInfo, TrainingFinished, TrainingProgress, TrainingRequest, TrainingSaved } from './training';
import type { ExportFormat, RunList, RunPatch, RunRecord } from './runs';
import type { CliInvocation } from './terminal-command';
import type { ExperimentProgram, ExperimentProgramRequest, PytorchProjectInfo } from './programs';
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
export interface Requests {
  'app.info': { payload: null; result: AppInfo };
  'experiments.list': { payload: null; result: ExperimentSpec[] };
  /** The experiment's PyTorch program with these hyperparameters (the spec's defaults where absent). */
  'experiments.program': { payload: ExperimentProgramRequest; result: ExperimentProgram };
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
  /** Writes the run as a PyTorch project folder under `<dataDir>/exports/<id>-pytorch`. */
  'runs.exportProject': { payload: { id: string }; result: PytorchProjectInfo };
  /** Opens a `.d2lrun`; the same bundle opened twice is not duplicated. */
  'runs.import': { payload: FilePayload; result: { id: string; duplicate: boolean } };
  /** Fashion-MNIST: found where (or which files each folder lacks), file sizes and counts. */
  'datasets.status': { payload: null; result: DatasetStatus };
  /** Checks every file completely, then copies them into the data directory; nothing is written if one is bad. */
  'datasets.import': { payload: { files: FilePayload[] }; result: DatasetStatus };
  /** Images and labels for the image grid (at most 100 per request). */
  'datasets.samples': { payload: DatasetSamplesRequest; result: DatasetSamples };
  'notes.list': { payload: null; result: NoteSummary[] };
  /** A built-in note in the asked-for language (falls back to the other), or an own note. */
  'notes.get': { payload: { id: string; lang: Lang }; result: NoteDoc };
  /** Own notes only; written to a temp file and renamed over the old one. */
  'notes.save': { payload: { id: string; markdown: string }; result: NoteSummary };
  /** The id comes from the title (made unique); the note starts with `# title`. */
  'notes.create': { payload: { title: string; markdown?: string }; result: NoteSummary };
  'notes.rename': { payload: { id: string; to: string }; result: NoteSummary };
  'notes.delete': { payload: { id: string }; result: { ok: true } };
  /**
   * `.txt` is converted to Markdown (txtToMarkdown); the id comes from the file name (`importedNoteId`).
   * When a note has that id already, `replace: true` writes over it (its pins stay); otherwise the
   * import is kept beside it as `<id>-2`, `<id>-3`, …
   */
  'notes.import': { payload: { name: string; text: string; replace?: boolean }; result: NoteSummary };
  /** Case-insensitive substring search over built-in (both languages) and own notes. */
  'notes.search': { payload: { query: string }; result: NoteSearchHit[] };
  /** Adds or removes a pinned run result; returns the note's pins. */
  'notes.pin': { payload: NotePinAction; result: NotePin[] };
  /** A live engine snippet (notes/demos/<id>.ts): the lines a ```demo``` card shows. */
  'notes.demo': { payload: { id: string }; result: NoteDemo };
  /** Runs the snippet on the engine in the main process and returns what it printed. */
  'notes.runDemo': { payload: { id: string }; result: NoteDemoRun };
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
  /** The runs folder changed (a run saved by the CLI, another window or this app, or removed): list again. */
  'runs.changed': null;
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

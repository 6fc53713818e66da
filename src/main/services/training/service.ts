// The training service: accepts runs, trains each in its own worker thread (at most one per core,
// the rest queued), forwards their progress as contract events and ends every run with exactly
// one `training.finished`, whatever happened to its worker, then one `training.saved` when it
// records runs. Ending a run costs O(steps) and nothing waits on the disk: the step losses are
// the ones the progress messages brought (the worker's result carries none), thinned once for the
// event; the save follows the event.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../../../shared/api';
import type { BackendLabel, DatasetView, EpochMetrics, ParamMap, RunInfo, TrainingFinished, TrainingRequest, TrainingSaved, TrainingSummary, RunHistory } from '../../../shared/training';
import type { RunStatus, RunConfig } from '../../../shared/runs';
import { validateTrainingRequest } from '../../../shared/training';
import { findSpec, type ExperimentSpec } from '../../../shared/experiment-spec';
import { CATALOG } from '../../experiments/catalog';
import { groupMeans } from '../../../shared/group-means';
import type { EventHub } from '../../events';
import { DEFAULT_PROGRESS_INTERVAL_MS, ProgressForwarder, thinEventSteps } from './progress-forwarder';
import { STOP_INDEX, type StepJob, type StepJobMessage, type WorkerInput, type WorkerMessage } from './protocol';
import type { StepView } from '../../../shared/step';
import { newRunId } from '../runs/ids';
import { StepSeries } from './step-series';
import { LIVE_SNAPSHOT_MAX_PARAMS, toParamMap, type RunResult } from './runner';
import { errorMessage } from '../../../shared/error-message';

export interface TrainingServiceOptions {
  events: Pick<EventHub, 'emit'>;
  /** The built worker (out/main/train-worker.js); found next to this bundle when omitted. */
  workerPath?: string;
  /** Runs training at once; default: one per core. */
  maxConcurrent?: number;
  /** How long a cancelled worker gets to stop by itself before it is terminated. */
  cancelGraceMs?: number;
  /** Minimum time between progress events of one run. */
  progressIntervalMs?: number;
  /** How long a watched run (`watch: true`) takes at least; default WATCH_MS. */
  watchMs?: number;
  backend?: WorkerInput['backend'];
  /** Data directory the workers read datasets from (`--data-dir`); the default one when omitted. */
  dataDir?: string;
  /**
   * Saves a finished run (every final status) and returns its saved id. Runs right after
   * `training.finished` is emitted; `training.saved` then names the saved run, or says in
   * `saveError` why it could not be saved (the finished event already delivered the results).
   */
  record?: (ended: EndedRun, dataset: DatasetView | undefined) => Promise<string>;
  /** The experiments requests are checked against; the workers train from the same catalog. */
  specs?: readonly ExperimentSpec[];
}

interface Run {
  runId: string;
  config: RunConfig;
  watch: boolean;
  status: 'queued' | 'running';
  stop: Int32Array;
  worker?: Worker;
  startedAt?: number;
  totalSteps: number;
  step: number;
  epoch: number;
  backend?: BackendLabel;
  // What the main thread has heard so far: the record a crashed or killed run leaves behind.
  stepLosses: StepSeries;
  epochs: EpochMetrics[];
  snapshot?: ParamMap;
  dataset?: DatasetView;
  forwarder: ProgressForwarder;
  killTimer?: ReturnType<typeof setTimeout>;
  cancelRequested: boolean;
  /** Who waits for the complete record (whenFinished); it is only built for them. */
  waiters: Array<(finished: TrainingFinished) => void>;
  /** Settles when the run has ended and its save (if any) is over. */
  ended: Deferred<TrainingSaved | undefined>;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Final parameters as the service holds them: the worker's float32 arrays, or a snapshot's numbers. */
type EndedParams = Record<string, { shape: number[]; data: ArrayLike<number> }>;

/**
 * A run as it ended: every step loss in the buffer the main thread collected them in, and the
 * parameters as they came (neither is copied until someone needs them as JSON).
 */
export interface EndedRun {
  runId: string;
  status: RunStatus;
  message?: string;
  summary: Omit<RunResult, 'params'> & { params: EndedParams; stepLosses: ArrayLike<number> };
}

/** Most step points a `training.finished` event carries (millions of steps would freeze a page). */
export const FINISHED_STEP_POINTS = 2000;
/**
 * Most parameter values a `training.finished` event carries. An MLP's ~200k values cost more to
 * send (and to read as JSON) than a Stop may take to land; the saved run has them.
 */
export const FINISHED_PARAM_VALUES = LIVE_SNAPSHOT_MAX_PARAMS;

/** The finished event as sent: the step series thinned by averaging, a large model's parameters left to the saved run. */
export function forDisplay(ended: EndedRun): TrainingFinished {
  const { stepLosses: losses, params, ...rest } = ended.summary;
  const summary: TrainingSummary = { ...rest, params: {}, stepLosses: [] };
  if (losses.length <= FINISHED_STEP_POINTS) {
    summary.stepLosses = Array.from(losses);
  } else {
    const { every, means } = groupMeans(losses, FINISHED_STEP_POINTS);
    summary.stepLosses = means;
    summary.stepEvery = every;
    summary.stepCount = losses.length;
  }
  if (Object.values(params).reduce((n, p) => n + p.data.length, 0) > FINISHED_PARAM_VALUES) summary.paramsOmitted = true;
  else summary.params = toParamMap(params);
  const finished: TrainingFinished = { runId: ended.runId, status: ended.status, summary };
  if (ended.message !== undefined) finished.message = ended.message;
  return finished;
}

/** The complete record: every step loss, every parameter (for whenFinished: the CLI and tests). */
function complete(ended: EndedRun): TrainingFinished {
  const finished: TrainingFinished = {
    runId: ended.runId, status: ended.status,
    summary: { ...ended.summary, params: toParamMap(ended.summary.params), stepLosses: Array.from(ended.summary.stepLosses) },
  };
  if (ended.message !== undefined) finished.message = ended.message;
  return finished;
}

/** What a run has reported so far, its steps thinned as a finished event's are. */
function history(run: Run): RunHistory {
  const { every, means } = groupMeans(run.stepLosses.view(), FINISHED_STEP_POINTS);
  const h: RunHistory = { stepLosses: means, stepEvery: every, stepCount: run.stepLosses.length, epochMetrics: [...run.epochs] };
  if (run.dataset) h.dataset = run.dataset;
  if (run.snapshot) h.snapshot = run.snapshot;
  return h;
}

/** The worker file next to the bundle that holds this code (the bundle may put it in a chunk). */
/** Watch it learn: long enough to follow 3.3's 300 steps, short enough to wait for. */
export const WATCH_MS = 10_000;

export function defaultWorkerPath(): string {
  for (const rel of ['./train-worker.js', '../train-worker.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return fileURLToPath(new URL('./train-worker.js', import.meta.url));
}

export class TrainingService {
  private readonly runs = new Map<string, Run>();
  /** Runs that have ended and are still being saved, for whenSaved and dispose. */
  private readonly saving = new Map<string, Promise<TrainingSaved | undefined>>();
  private readonly queue: Run[] = [];
  /** Step-mode replays in flight (ended by dispose). */
  private readonly stepWorkers = new Set<Worker>();
  private running = 0;
  private readonly maxConcurrent: number;
  private readonly workerPath: string;
  private readonly cancelGraceMs: number;
  private readonly progressIntervalMs: number;

  private readonly specs: readonly ExperimentSpec[];

  constructor(private readonly options: TrainingServiceOptions) {
    this.specs = options.specs ?? CATALOG.specs;
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? availableParallelism());
    this.workerPath = options.workerPath ?? defaultWorkerPath();
    this.cancelGraceMs = options.cancelGraceMs ?? 2000;
    this.progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
  }

  /** Validates before anything starts; a bad config is refused with the catalog's message. */
  start(request: TrainingRequest): string {
    const checked = validateTrainingRequest(request, this.specs);
    if (!checked.ok) throw new WorkbenchError({ code: 'invalid-payload', message: checked.message });
    const runId = newRunId();
    const run: Run = {
      runId, config: checked.config, watch: request.watch === true, status: 'queued', stop: new Int32Array(new SharedArrayBuffer(4)),
      totalSteps: 0, step: 0, epoch: 0, stepLosses: new StepSeries(), epochs: [], cancelRequested: false, waiters: [], ended: deferred(),
      forwarder: new ProgressForwarder((part) => {
        this.options.events.emit('training.progress', {
          runId, status: run.status, epoch: run.epoch, step: run.step, totalSteps: run.totalSteps, ...part, ...thinEventSteps(part.stepLosses),
        });
      }, this.progressIntervalMs),
    };
    this.runs.set(runId, run);
    this.queue.push(run);
    run.forwarder.add({});
    this.pump();
    return runId;
  }

  /** Stops a run within one step (or drops it from the queue). False when it already ended. */
  cancel(runId: string): boolean {
    const run = this.runs.get(runId);
    if (!run) return false;
    run.cancelRequested = true;
    if (run.status === 'queued') {
      this.queue.splice(this.queue.indexOf(run), 1);
      this.finish(run, 'cancelled', 'cancelled before it started');
      return true;
    }
    Atomics.store(run.stop, STOP_INDEX, 1);
    // A watched run may be sleeping on the flag between steps.
    Atomics.notify(run.stop, STOP_INDEX);
    // A worker stuck outside the step loop never reads the flag: terminate it after a grace period.
    run.killTimer ??= setTimeout(() => {
      void run.worker?.terminate();
      this.finish(run, 'cancelled', `cancelled at epoch ${run.epoch + 1}, step ${run.step} (worker stopped after ${this.cancelGraceMs} ms)`);
    }, this.cancelGraceMs);
    return true;
  }

  list(): RunInfo[] {
    return [...this.runs.values()].map((r) => ({
      runId: r.runId, experiment: r.config.experiment, status: r.status, config: structuredClone(r.config),
      epoch: r.epoch, step: r.step, totalSteps: r.totalSteps, history: history(r),
    }));
  }

  /**
   * Resolves with the run's complete record once it has finished: the `training.finished` payload
   * before thinning, every step loss and parameter included (for tests and tools).
   */
  whenFinished(runId: string): Promise<TrainingFinished> {
    const run = this.runs.get(runId);
    if (!run) return Promise.reject(new WorkbenchError({ code: 'not-found', message: `no active run "${runId}"` }));
    return new Promise((resolve) => run.waiters.push(resolve));
  }

  /** Resolves with the run's `training.saved` payload, or undefined when this service saves nothing. */
  whenSaved(runId: string): Promise<TrainingSaved | undefined> {
    const pending = this.runs.get(runId)?.ended.promise ?? this.saving.get(runId);
    if (!pending) return Promise.reject(new WorkbenchError({ code: 'not-found', message: `no active or saving run "${runId}"` }));
    return pending;
  }

  /**
   * Step mode: replays the request's run to `step` in a worker and returns that step for the panel.
   * A bad request is refused here, before a worker starts, with the catalog's message.
   */
  replayStep(request: TrainingRequest, step: number): Promise<StepView> {
    const checked = validateTrainingRequest(request, this.specs);
    if (!checked.ok) return Promise.reject(new WorkbenchError({ code: 'invalid-payload', message: checked.message }));
    const job: StepJob = { kind: 'step', request, step };
    if (this.options.backend) job.backend = this.options.backend;
    if (this.options.dataDir) job.dataDir = this.options.dataDir;
    return new Promise<StepView>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = new Worker(this.workerPath, { workerData: job });
      } catch (err) {
        reject(new Error(`could not start the training worker ${this.workerPath}: ${errorMessage(err)}`));
        return;
      }
      this.stepWorkers.add(worker);
      let answered = false;
      worker.on('message', (m: StepJobMessage) => {
        answered = true;
        if (m.type === 'step-view') resolve(m.view);
        else reject(m.invalid ? new WorkbenchError({ code: 'invalid-payload', message: m.message }) : new Error(m.message));
      });
      worker.on('error', (err) => {
        answered = true;
        reject(new Error(`step replay crashed: ${err.message}`));
      });
      worker.on('exit', (code) => {
        this.stepWorkers.delete(worker);
        if (!answered) reject(new Error(`the step replay's worker exited with code ${code} before answering`));
      });
    });
  }

  /** Cancels everything and waits until every run has finished and been saved (app quit, test teardown). */
  async dispose(): Promise<void> {
    await Promise.all([...this.stepWorkers].map((w) => w.terminate()));
    const all = [...this.runs.values()];
    for (const run of all) this.cancel(run.runId);
    await Promise.all([...all.map((r) => r.ended.promise), ...this.saving.values()]);
  }

  private pump(): void {
    while (this.running < this.maxConcurrent && this.queue.length > 0) this.launch(this.queue.shift()!);
  }

  private launch(run: Run): void {
    this.running++;
    run.status = 'running';
    run.startedAt = performance.now();
    const input: WorkerInput = { config: run.config, stop: run.stop.buffer as SharedArrayBuffer, postIntervalMs: this.progressIntervalMs };
    if (this.options.backend) input.backend = this.options.backend;
    if (this.options.dataDir) input.dataDir = this.options.dataDir;
    if (run.watch) input.watchMs = this.options.watchMs ?? WATCH_MS;
    let worker: Worker;
    try {
      worker = new Worker(this.workerPath, { workerData: input });
    } catch (err) {
      this.finish(run, 'failed', `could not start the training worker ${this.workerPath}: ${errorMessage(err)}`);
      return;
    }
    run.worker = worker;
    run.forwarder.add({});
    worker.on('message', (m: WorkerMessage) => this.onMessage(run, m));
    worker.on('error', (err) => this.finish(run, 'failed', `training worker crashed: ${err.message}`));
    worker.on('exit', (code) => {
      if (run.cancelRequested) this.finish(run, 'cancelled', `cancelled at epoch ${run.epoch + 1}, step ${run.step}`);
      else this.finish(run, 'failed', `training worker exited with code ${code} before reporting a result`);
    });
  }

  private onMessage(run: Run, m: WorkerMessage): void {
    if (!this.runs.has(run.runId)) return;
    if (m.type === 'begin') {
      run.totalSteps = m.totalSteps;
      run.backend = m.backend;
      return;
    }
    if (m.type === 'progress') {
      run.step = m.step;
      run.epoch = m.epoch;
      run.stepLosses.pushAll(m.stepLosses);
      run.epochs.push(...m.epochMetrics);
      if (m.snapshot) run.snapshot = m.snapshot;
      if (m.dataset) run.dataset = m.dataset;
      run.forwarder.add(m);
      return;
    }
    if (m.stepCount !== run.stepLosses.length) {
      // Messages on one port arrive in order, so this cannot happen unless the protocol broke.
      console.error(`training run ${run.runId}: the worker made ${m.stepCount} steps but reported ${run.stepLosses.length}`);
    }
    this.finish(run, m.summary.status, m.summary.message, m.summary);
  }

  /**
   * Ends a run once: last progress, then `training.finished`, then (when runs are recorded) the
   * save and `training.saved`; later calls are ignored.
   */
  private finish(run: Run, status: RunStatus, message: string | undefined, summary?: RunResult): void {
    if (!this.runs.has(run.runId)) return;
    this.runs.delete(run.runId);
    if (run.killTimer) clearTimeout(run.killTimer);
    if (run.status === 'running') this.running--;
    // The worker ends by itself after its result; a crashed or hung one is made to.
    if (run.worker && !summary) void run.worker.terminate();
    run.forwarder.flush();
    run.forwarder.dispose();
    const ended: EndedRun = {
      runId: run.runId, status,
      summary: summary ? { ...summary, stepLosses: run.stepLosses.view() } : this.partialSummary(run, status, message),
    };
    if (message !== undefined) ended.message = message;
    this.pump();
    this.options.events.emit('training.finished', forDisplay(ended));
    if (run.waiters.length > 0) {
      const full = complete(ended);
      for (const resolve of run.waiters) resolve(full);
    }
    if (!this.options.record) {
      run.ended.resolve(undefined);
      return;
    }
    const saving = this.save(ended, run.dataset);
    this.saving.set(run.runId, saving);
    void saving.then((saved) => {
      this.saving.delete(run.runId);
      this.options.events.emit('training.saved', saved);
      run.ended.resolve(saved);
    });
  }

  private async save(ended: EndedRun, dataset: DatasetView | undefined): Promise<TrainingSaved> {
    try {
      return { runId: ended.runId, savedRunId: await this.options.record!(ended, dataset) };
    } catch (err) {
      return { runId: ended.runId, saveError: `the run could not be saved: ${errorMessage(err)}` };
    }
  }

  /** What a run that never reported its result leaves: everything the main thread heard. */
  private partialSummary(run: Run, status: RunStatus, message: string | undefined): EndedRun['summary'] {
    const s: EndedRun['summary'] = {
      experiment: run.config.experiment, section: findSpec(this.specs, run.config.experiment)?.section ?? '', config: run.config, status,
      backend: run.backend ?? { name: 'none', label: 'not started' },
      epochs: [...run.epochs], totalSteps: run.totalSteps, stepLosses: run.stepLosses.view(),
      params: run.snapshot ?? {}, timing: { trainMs: run.startedAt === undefined ? 0 : performance.now() - run.startedAt },
    };
    if (message !== undefined) s.message = message;
    return s;
  }
}

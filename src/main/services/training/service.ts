// The training service: accepts runs, trains each in its own worker thread (at most one per core,
// the rest queued), forwards their progress as contract events and ends every run with exactly
// one `training.finished`, whatever happened to its worker.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../../../shared/api';
import type {
  BackendLabel, DatasetView, EpochMetrics, FinalStatus, ParamMap, RunInfo, TrainingConfig, TrainingFinished, TrainingRequest, TrainingSummary, RunHistory,
} from '../../../shared/training';
import { validateTrainingRequest } from '../../../shared/training';
import { findSpec, type ExperimentSpec } from '../../../shared/experiment-spec';
import { CATALOG } from '../../experiments/catalog';
import { groupMeans } from '../../../shared/group-means';
import type { EventHub } from '../../events';
import { DEFAULT_PROGRESS_INTERVAL_MS, ProgressForwarder, thinEventSteps } from './progress-forwarder';
import { STOP_INDEX, type WorkerInput, type WorkerMessage } from './protocol';
import { newRunId } from '../runs/ids';
import { StepSeries } from './step-series';

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
  backend?: WorkerInput['backend'];
  /** Data directory the workers read datasets from (`--data-dir`); the default one when omitted. */
  dataDir?: string;
  /**
   * Saves a finished run (every final status) and returns its saved id. Runs before
   * `training.finished` is emitted, so a listener can open the saved run at once; a failure is
   * reported in `saveError` and never loses the results.
   */
  record?: (finished: TrainingFinished, dataset: DatasetView | undefined) => Promise<string>;
  /** The experiments requests are checked against; the workers train from the same catalog. */
  specs?: readonly ExperimentSpec[];
}

interface Run {
  runId: string;
  config: TrainingConfig;
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
  settle: (finished: TrainingFinished) => void;
  done: Promise<TrainingFinished>;
}

/** Most step points a `training.finished` event carries (millions of steps would freeze a page). */
export const FINISHED_STEP_POINTS = 2000;

/** The finished event as sent: the step series thinned by averaging, everything else as is. */
export function forDisplay(finished: TrainingFinished): TrainingFinished {
  const losses = finished.summary.stepLosses;
  if (losses.length <= FINISHED_STEP_POINTS) return finished;
  const { every, means } = groupMeans(losses, FINISHED_STEP_POINTS);
  return { ...finished, summary: { ...finished.summary, stepLosses: means, stepEvery: every, stepCount: losses.length } };
}

/** What a run has reported so far, its steps thinned as a finished event's are. */
function history(run: Run): RunHistory {
  const { every, means } = groupMeans(run.stepLosses.toArray(), FINISHED_STEP_POINTS);
  const h: RunHistory = { stepLosses: means, stepEvery: every, stepCount: run.stepLosses.length, epochMetrics: [...run.epochs] };
  if (run.dataset) h.dataset = run.dataset;
  if (run.snapshot) h.snapshot = run.snapshot;
  return h;
}

/** The worker file next to the bundle that holds this code (the bundle may put it in a chunk). */
export function defaultWorkerPath(): string {
  for (const rel of ['./train-worker.js', '../train-worker.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return fileURLToPath(new URL('./train-worker.js', import.meta.url));
}

export class TrainingService {
  private readonly runs = new Map<string, Run>();
  private readonly queue: Run[] = [];
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
    let settle!: (f: TrainingFinished) => void;
    const done = new Promise<TrainingFinished>((resolve) => {
      settle = resolve;
    });
    const run: Run = {
      runId, config: checked.config, status: 'queued', stop: new Int32Array(new SharedArrayBuffer(4)),
      totalSteps: 0, step: 0, epoch: 0, stepLosses: new StepSeries(), epochs: [], cancelRequested: false, settle, done,
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

  /** Resolves with the run's `training.finished` payload (for the CLI, the run store and tests). */
  whenFinished(runId: string): Promise<TrainingFinished> {
    const run = this.runs.get(runId);
    if (!run) return Promise.reject(new WorkbenchError({ code: 'not-found', message: `no active run "${runId}"` }));
    return run.done;
  }

  /** Cancels everything and waits until every run has finished (app quit, test teardown). */
  async dispose(): Promise<void> {
    const all = [...this.runs.values()];
    for (const run of all) this.cancel(run.runId);
    await Promise.all(all.map((r) => r.done));
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
    let worker: Worker;
    try {
      worker = new Worker(this.workerPath, { workerData: input });
    } catch (err) {
      this.finish(run, 'failed', `could not start the training worker ${this.workerPath}: ${err instanceof Error ? err.message : String(err)}`);
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
    this.finish(run, m.summary.status, m.summary.message, m.summary);
  }

  /** Ends a run once: last progress, then `training.finished`; later calls are ignored. */
  private finish(run: Run, status: FinalStatus, message: string | undefined, summary?: TrainingSummary): void {
    if (!this.runs.has(run.runId)) return;
    this.runs.delete(run.runId);
    if (run.killTimer) clearTimeout(run.killTimer);
    if (run.status === 'running') this.running--;
    // The worker ends by itself after its result; a crashed or hung one is made to.
    if (run.worker && !summary) void run.worker.terminate();
    run.forwarder.flush();
    run.forwarder.dispose();
    const finalSummary = summary ?? this.partialSummary(run, status, message);
    const finished: TrainingFinished = { runId: run.runId, status, summary: finalSummary };
    if (message !== undefined) finished.message = message;
    this.pump();
    const announce = (done: TrainingFinished): void => {
      this.options.events.emit('training.finished', forDisplay(done));
      run.settle(done);
    };
    if (this.options.record) void this.saved(finished, run.dataset).then(announce);
    else announce(finished);
  }

  private async saved(finished: TrainingFinished, dataset: DatasetView | undefined): Promise<TrainingFinished> {
    try {
      return { ...finished, savedRunId: await this.options.record!(finished, dataset) };
    } catch (err) {
      return { ...finished, saveError: `the run could not be saved: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  /** What a run that never reported its result leaves: everything the main thread heard. */
  private partialSummary(run: Run, status: FinalStatus, message: string | undefined): TrainingSummary {
    const s: TrainingSummary = {
      experiment: run.config.experiment, section: findSpec(this.specs, run.config.experiment)?.section ?? '', config: run.config, status,
      backend: run.backend ?? { name: 'none', label: 'not started' },
      epochs: [...run.epochs], stepLosses: run.stepLosses.toArray(), totalSteps: run.totalSteps,
      params: run.snapshot ?? {}, timing: { trainMs: run.startedAt === undefined ? 0 : performance.now() - run.startedAt },
    };
    if (message !== undefined) s.message = message;
    return s;
  }
}

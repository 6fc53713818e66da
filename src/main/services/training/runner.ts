// Runs one experiment to the end, in whatever thread calls it (the worker, or the CLI in-process).
// It owns the parts every experiment shares: validation, the seeded generator, stop and divergence
// checks at every step, timing and the summary.
import type { DatasetView, EpochMetrics, ParamMap, TrainingRequest, TrainingSummary } from '../../../shared/training';
import type { RunStatus, RunConfig } from '../../../shared/runs';
import { validateTrainingRequest } from '../../../shared/training';
import { Generator, type Tensor } from '../../engine';
import { CATALOG, type Catalog, type Experiment } from '../../experiments/catalog';
import { stepsPerEpochOf, type ExperimentReport } from '../../experiments/define';
import { currentBackendLabel } from './backend-label';
import { StepSeries } from './step-series';
import { errorMessage } from '../../../shared/error-message';
import { StepCapture, type StepCaptureOptions } from './step-capture';

/**
 * Models up to this many parameters stream live snapshots (the fitted line of 3.2, polyfit's curve,
 * 4.5's weights). Larger ones send none: copying and posting an MLP's ~200k parameters 30 times a
 * second cost a third of the worker's time and ~130 MB/s of JSON for a picture nobody draws; their
 * final parameters come with the summary.
 */
export const LIVE_SNAPSHOT_MAX_PARAMS = 10_000;

/** Reads the current parameters, or undefined when the model is too large to stream live. */
export type LiveSnapshot = () => ParamMap | undefined;

/** Where a run's live output goes. `snapshot` copies the current parameters; call it sparingly. */
export interface RunSink {
  begin?(info: { totalSteps: number; stepsPerEpoch: number }): void;
  step?(step: number, loss: number, snapshot: LiveSnapshot): void;
  epoch?(metrics: EpochMetrics, snapshot: LiveSnapshot): void;
  dataset?(view: DatasetView): void;
  /** Step mode: record these steps (with their batch, gradients, update and graph) and end after the last. */
  capture?: StepCaptureOptions;
}

export class InvalidTrainingConfig extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTrainingConfig';
  }
}

/** Thrown through the experiment's loop to end it; only the runner catches it. */
class StopTraining extends Error {
  constructor(readonly status: Extract<RunStatus, 'completed' | 'cancelled' | 'diverged'>, message: string) {
    super(message);
  }
}

export function paramCount(params: Record<string, Tensor>): number {
  let n = 0;
  for (const t of Object.values(params)) n += t.numel();
  return n;
}

export function readParams(params: Record<string, Tensor>): ParamMap {
  const out: ParamMap = {};
  for (const [name, t] of Object.entries(params)) out[name] = { shape: [...t.shape], data: Array.from(t.values) };
  return out;
}

/** A learning rate worth trying after a divergence: the book's default, or ten times smaller. */
function smallerLr(experiment: Experiment, lr: number): number {
  const d = experiment.spec.hyperparameters.find((h) => h.key === 'lr')?.default ?? lr / 10;
  return d < lr ? d : Number((lr / 10).toPrecision(3));
}

/** A final parameter as the runner hands it over: a float32 copy of the tensor (one memcpy, transferable). */
export interface ParamArray {
  shape: number[];
  data: Float32Array<ArrayBuffer>;
}

/**
 * A run's summary as the runner returns it: no step series (it stays where it was recorded) and
 * the parameters as float32 arrays (an MLP's 200k values as a JS array cost a clone, a copy
 * and a scan each on the way out of the worker).
 */
export type RunResult = Omit<TrainingSummary, 'stepLosses' | 'stepEvery' | 'stepCount' | 'params' | 'paramsOmitted'> & {
  params: Record<string, ParamArray>;
};

/** Runs an experiment in this thread and returns its complete summary, every step loss included. */
export function runExperiment(
  request: TrainingRequest | RunConfig,
  sink: RunSink = {},
  shouldStop: () => boolean = () => false,
  catalog: Catalog = CATALOG,
): TrainingSummary {
  const { summary, steps } = trainExperiment(request, sink, shouldStop, catalog);
  return { ...summary, params: toParamMap(summary.params), stepLosses: steps.toArray() };
}

export function toParamMap(params: Record<string, { shape: readonly number[]; data: ArrayLike<number> }>): ParamMap {
  const out: ParamMap = {};
  for (const [name, p] of Object.entries(params)) out[name] = { shape: [...p.shape], data: Array.from(p.data) };
  return out;
}

/**
 * Runs an experiment and returns its summary and, separately, the step series it recorded. The
 * training worker posts only the summary: the main thread already holds every step loss from the
 * progress messages, and copying millions of them again made a cancel take seconds to land.
 */
export function trainExperiment(
  request: TrainingRequest | RunConfig,
  sink: RunSink = {},
  shouldStop: () => boolean = () => false,
  catalog: Catalog = CATALOG,
): { summary: RunResult; steps: StepSeries } {
  const checked = validateTrainingRequest(request, catalog.specs);
  if (!checked.ok) throw new InvalidTrainingConfig(checked.message);
  const config = checked.config;
  const experiment = catalog.get(config.experiment);
  if (!experiment) throw new InvalidTrainingConfig(`experiment "${config.experiment}" has no implementation`);
  const hp = config.hyperparameters;
  const stepsPerEpoch = stepsPerEpochOf(experiment, hp);
  // An experiment without epochs (4.1 only plots) has no steps.
  const totalSteps = stepsPerEpoch * (hp.epochs ?? 0);
  const lr = hp.lr!;
  const series = new StepSeries();
  const epochs: EpochMetrics[] = [];
  let tracked: Record<string, Tensor> = {};
  let report: ExperimentReport = {};
  const snapshot = (): ParamMap => readParams(tracked);
  let liveAllowed = true;
  const liveSnapshot: LiveSnapshot = () => (liveAllowed ? snapshot() : undefined);
  let epochIndex = 0;
  let stepInEpoch = 0;
  const capture = sink.capture ? new StepCapture(sink.capture) : null;
  // Completes a recorded step once the loop reports again (its update is done); ends a step-mode
  // run after its last wanted step.
  const settle = (): void => {
    if (capture === null) return;
    capture.settle(tracked);
    if (series.length >= capture.to) throw new StopTraining('completed', `stopped after step ${series.length} (step mode)`);
  };

  const diverged = (what: string, value: number, where: string): StopTraining =>
    new StopTraining('diverged', `${what} became ${value} at ${where} (lr ${lr}); try a smaller learning rate such as ${smallerLr(experiment, lr)}`);

  sink.begin?.({ totalSteps, stepsPerEpoch });
  const backend = currentBackendLabel();
  let status: RunStatus = 'completed';
  let message: string | undefined;
  // process.hrtime, not the `performance` global: its first use loads perf_hooks, ~3.5 ms of a
  // CLI `train` (issue 15).
  const started = process.hrtime.bigint();
  try {
    experiment.run({
      hp,
      seed: config.seed,
      rng: new Generator(config.seed),
      track(params) {
        tracked = params;
        liveAllowed = paramCount(params) <= LIVE_SNAPSHOT_MAX_PARAMS;
      },
      checkStop() {
        settle();
        if (shouldStop()) throw new StopTraining('cancelled', `cancelled at epoch ${epochIndex + 1}, after step ${stepInEpoch}`);
      },
      step(loss, detail) {
        settle();
        if (shouldStop()) throw new StopTraining('cancelled', `cancelled at epoch ${epochIndex + 1}, step ${stepInEpoch + 1}`);
        stepInEpoch++;
        if (!Number.isFinite(loss)) throw diverged('loss', loss, `epoch ${epochIndex + 1}, step ${stepInEpoch}`);
        series.push(loss);
        sink.step?.(series.length, loss, liveSnapshot);
        if (capture !== null && detail !== undefined && capture.wants(series.length)) {
          capture.begin(series.length, epochIndex + 1, loss, lr, detail, tracked);
        }
      },
      epoch(metrics) {
        settle();
        for (const [key, value] of Object.entries(metrics)) {
          const name = key === 'loss' ? 'train loss' : key === 'testLoss' ? 'test loss' : key;
          if (!Number.isFinite(value)) throw diverged(name, value as number, `the end of epoch ${metrics.epoch}`);
        }
        epochs.push(metrics);
        epochIndex = metrics.epoch;
        stepInEpoch = 0;
        sink.epoch?.(metrics, liveSnapshot);
        if (shouldStop()) throw new StopTraining('cancelled', `cancelled after epoch ${metrics.epoch}`);
      },
      dataset(view) {
        sink.dataset?.(view);
      },
      report(part) {
        report = { ...report, ...part };
      },
    });
    capture?.settle(tracked);
  } catch (err) {
    if (err instanceof StopTraining) {
      status = err.status;
      message = err.message;
    } else {
      status = 'failed';
      message = errorMessage(err);
    }
  }
  const trainMs = Number(process.hrtime.bigint() - started) / 1e6;
  let params: Record<string, ParamArray> = {};
  for (const [name, t] of Object.entries(tracked)) params[name] = { shape: [...t.shape], data: t.values.slice() };
  if (Object.values(params).some((p) => !p.data.every(Number.isFinite))) {
    // Overflowed parameters cannot be exported or drawn; say so instead of shipping NaNs.
    params = {};
    message = `${message ?? status}; the parameters overflowed and are not kept`;
  }
  const summary: RunResult = {
    experiment: config.experiment, section: experiment.spec.section, config, status, backend, epochs, totalSteps, params,
    timing: { trainMs },
  };
  if (message !== undefined) summary.message = message;
  if (report.classification) summary.classification = report.classification;
  if (report.activations) summary.activations = report.activations;
  const truth = experiment.linearTruth;
  if (truth && params[truth.weight] && params[truth.bias]) {
    // true − learned in float32, as the book's `true_w - w.reshape(true_w.shape)` computes it.
    const err = (t: readonly number[], v: Float32Array): number[] => t.map((x, i) => Math.fround(Math.fround(x) - v[i]!));
    summary.truth = { w: [...truth.w], b: [truth.b] };
    summary.errors = { w: err(truth.w, params[truth.weight]!.data), b: err([truth.b], params[truth.bias]!.data) };
  }
  return { summary, steps: series };
}

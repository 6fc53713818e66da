// Training runs as the contract sees them: what a run is asked to do, what it reports while it
// trains and what it leaves behind. Validation lives here too, so the CLI, the training service
// and the renderer's form refuse the same configs with the same words.
import { SEED_SPEC, checkHyperparameter, findSpec, seedSpecOf, trainingSetSizeOf, type ExperimentSpec } from './experiment-spec';
import type { DatasetSamples } from './datasets';
import type { RunConfig, RunStatus } from './runs';

/** What a caller asks for; omitted hyperparameters take the book's defaults, omitted seed 42. */
export interface TrainingRequest {
  experiment: string;
  hyperparameters: Record<string, number>;
  seed?: number;
  /**
   * Watch it learn: spread the run over a few seconds (runs that take longer anyway are not
   * slowed). Only the pace changes; the run's steps and results are the same.
   */
  watch?: boolean;
}

/**
 * Where a run is while it trains: queued, running, then one of the RunStatus values it is saved
 * with. How a run moves: a TrainingRequest is validated into a RunConfig; the worker reports
 * EpochMetrics (and step losses) while the status is 'running'; it ends as a TrainingSummary with
 * a RunStatus, which the run store keeps as a RunRecord (EpochRecord per epoch, shared/runs).
 */
export type TrainingStatus = 'queued' | 'running' | RunStatus;

/** One epoch's metrics: loss on the full training set, test loss where there is a test set. */
export interface EpochMetrics {
  epoch: number;
  loss: number;
  testLoss?: number;
  /** ‖w‖₂ (weight decay). */
  weightNorm?: number;
  /** Classification (3.6+): the book's train_ch3 trio is loss (mean over the epoch's batches), these two. */
  trainAccuracy?: number;
  testAccuracy?: number;
}

/** 4.1: an activation function and its derivative (by autograd) sampled on `x`. */
export interface ActivationCurve {
  name: 'relu' | 'sigmoid' | 'tanh';
  y: number[];
  grad: number[];
}

export interface ActivationCurves {
  x: number[];
  curves: ActivationCurve[];
}

/** What a classifier leaves after training: the test confusion matrix and a prediction grid. */
export interface ClassificationReport {
  /** Accuracy of the final model on the whole test set. */
  testAccuracy: number;
  /** confusion[t][p] counts test images of true class t predicted as class p (10 × 10). */
  confusion: number[][];
  /** The first test images (the book's predict_ch3 shows them) with the model's predictions. */
  predictions: DatasetSamples & { predicted: number[] };
}

/** A parameter by its PyTorch state_dict name: row-major values and shape. */
export interface ParamValue {
  shape: number[];
  data: number[];
}
export type ParamMap = Record<string, ParamValue>;

/** What the data panels draw. Points are subsampled to at most 2000 per series. */
export interface DatasetView {
  scatter?: { xLabel: string; yLabel: string; x: number[]; y: number[] };
  testScatter?: { x: number[]; y: number[] };
  /** The noise-free function the data came from, sampled on a grid. */
  curve?: { x: number[]; y: number[] };
  /**
   * How the model's prediction for the scatter's x is built from the parameters, so the UI can
   * draw the fitted line/curve: `linear` uses weight[featureIndex] and bias (linear regression,
   * other features at 0), `poly-factorial` sums weight[i]·x^i/i!.
   */
  fit?: { kind: 'linear'; weight: string; bias: string; featureIndex: number } | { kind: 'poly-factorial'; weight: string };
  /** True parameter values where the data is synthetic, by parameter name. */
  truth?: Record<string, number[]>;
  /** Image classification: the first training images with their labels (the book's 3.5 grid). */
  images?: DatasetSamples;
  /** 4.1: activation functions and their gradients. */
  activations?: ActivationCurves;
  /** 6.6: one test image through every layer of the network, as it is now. */
  featureMaps?: FeatureMaps;
  /** 6.2 / 6.6: a convolution kernel as it is now (6.6: the first layer's six 5×5 kernels). */
  kernels?: TensorView;
  /** 6.2: the learned kernel's entries after every step, beside the kernel the data was made with. */
  kernelTrace?: { steps: number[]; values: number[][]; truth: number[] };
  /** 6.3–6.5: matrices to show (input, kernel, output …), each with its title and shape. */
  matrices?: TensorView[];
}

/** A tensor to draw: its name, shape and row-major values. */
export interface TensorView {
  name: string;
  shape: number[];
  data: number[];
}

/** One image through a network: the input and each layer's output, named as the layer. */
export interface FeatureMaps {
  /** The image's class index. */
  label: number;
  layers: TensorView[];
}

export interface BackendLabel {
  /** `none` for a run cancelled before it started. */
  name: 'native' | 'wasm' | 'ts' | 'none';
  /** e.g. "native OpenBLAS (Haswell)" or "TypeScript (native unavailable: …)". */
  label: string;
}

export interface TrainingSummary {
  experiment: string;
  /** Book section of the experiment, e.g. "3.3". */
  section: string;
  config: RunConfig;
  status: RunStatus;
  message?: string;
  backend: BackendLabel;
  epochs: EpochMetrics[];
  /** Every step's batch loss, in order (never downsampled here). */
  stepLosses: number[];
  /**
   * Set on `training.finished` events: stepLosses is then thinned for display (entry i is the mean
   * of steps [i·stepEvery, (i+1)·stepEvery)) and stepCount is how many steps ran. The progress
   * events delivered every step, and the saved run keeps them.
   */
  stepEvery?: number;
  stepCount?: number;
  totalSteps: number;
  params: ParamMap;
  /**
   * Set on `training.finished` events of large models (an MLP's ~200k values would take longer to
   * send than the run took to stop): params is then empty, and the saved run has them
   * (`runs.params` once `training.saved` names it).
   */
  paramsOmitted?: true;
  /** Linear regression: the true parameters and true − learned, like the book's e(w), e(b). */
  truth?: { w: number[]; b: number[] };
  errors?: { w: number[]; b: number[] };
  /** Classifiers (3.6+): confusion matrix and prediction grid of the final model. */
  classification?: ClassificationReport;
  /** 4.1: the curves the experiment computed. */
  activations?: ActivationCurves;
  timing: { trainMs: number };
}

export interface TrainingProgress {
  runId: string;
  status: 'queued' | 'running';
  /** Epochs finished so far. */
  epoch: number;
  /** Steps finished so far (over all epochs). */
  step: number;
  totalSteps: number;
  /**
   * Batch losses of the steps since the previous event; the first is step `step − length + 1`.
   * When a run makes more steps between two events than an event carries (tiny batches), they are
   * averaged in groups: then `stepEvery` is the group size and `stepCount` how many steps the
   * event covers (the last group may be shorter).
   */
  stepLosses: number[];
  stepEvery?: number;
  stepCount?: number;
  /** Epochs finished since the previous event. */
  epochMetrics: EpochMetrics[];
  snapshot?: ParamMap;
  dataset?: DatasetView;
}

export interface TrainingFinished {
  runId: string;
  status: RunStatus;
  message?: string;
  summary: TrainingSummary;
}

/**
 * Whether a finished run was saved: sent once per run, after its `training.finished` (saving — a
 * JSON file and an fsync — must not delay the news that the run stopped).
 */
export type TrainingSaved =
  | {
      runId: string;
      /** Id of the saved run (the run store keeps the training run's id). */
      savedRunId: string;
    }
  | {
      runId: string;
      /** Why the run could not be saved; the results of `training.finished` are still complete. */
      saveError: string;
    };

export interface RunInfo {
  runId: string;
  experiment: string;
  status: 'queued' | 'running';
  config: RunConfig;
  epoch: number;
  step: number;
  totalSteps: number;
  /** Everything the run has reported so far, so a page that follows it late (a reload) draws the whole curve. */
  history: RunHistory;
}

/** A running run's series so far: step losses (thinned like a finished event's), epochs, data and latest parameters. */
export interface RunHistory {
  /** Entry i is the mean of steps [i·stepEvery, (i+1)·stepEvery); stepCount steps in all. */
  stepLosses: number[];
  stepEvery: number;
  stepCount: number;
  epochMetrics: EpochMetrics[];
  dataset?: DatasetView;
  snapshot?: ParamMap;
}

/**
 * A refused request: the message (English, naming flags, as the CLI prints it) and, when one field
 * is to blame, which one and why, so the form can say it in the UI's language.
 */
export type Refusal = {
  ok: false;
  message: string;
  field?: string;
  /** Batch size above the training set: its size, and the hyperparameter that sets it (`samples`) if any. */
  overTrainingSet?: { size: number; sizeKey?: string };
};

export type Validated = { ok: true; config: RunConfig } | Refusal;

/**
 * Fills defaults and checks every value against the experiment's spec in `catalog`; the message
 * names the field and the allowed range.
 */
export function validateTrainingRequest(request: TrainingRequest, catalog: readonly ExperimentSpec[]): Validated {
  const spec = findSpec(catalog, request.experiment);
  if (!spec) {
    return { ok: false, message: `unknown experiment "${request.experiment}"; known: ${catalog.map((e) => e.id).join(', ')}` };
  }
  const known = new Map(spec.hyperparameters.map((h) => [h.key, h]));
  for (const key of Object.keys(request.hyperparameters)) {
    if (!known.has(key)) {
      return { ok: false, message: `${spec.id} has no hyperparameter "${key}"; it takes ${[...known.keys()].join(', ')}` };
    }
  }
  const hyperparameters: Record<string, number> = {};
  for (const h of spec.hyperparameters) {
    const value = Object.prototype.hasOwnProperty.call(request.hyperparameters, h.key) ? request.hyperparameters[h.key]! : h.default;
    const problem = checkHyperparameter(h, value);
    if (problem) return { ok: false, message: problem, field: h.key };
    hyperparameters[h.key] = value;
  }
  const seed = request.seed ?? seedSpecOf(spec).default;
  const seedProblem = checkHyperparameter(SEED_SPEC, seed);
  if (seedProblem) return { ok: false, message: seedProblem, field: SEED_SPEC.key };
  const n = trainingSetSizeOf(spec, hyperparameters);
  const batch = hyperparameters.batchSize;
  if (n !== undefined && batch !== undefined && batch > n) {
    const sizeKey = typeof spec.trainingSetSize === 'object' ? spec.trainingSetSize.hyperparameter : undefined;
    const sizeFlag = spec.hyperparameters.find((h) => h.key === sizeKey)?.flag;
    const what = sizeFlag ? `${sizeFlag} (${n})` : `the training set size (${n})`;
    const overTrainingSet = sizeKey === undefined ? { size: n } : { size: n, sizeKey };
    return { ok: false, message: `batch-size must be ≤ ${what}, got ${batch}`, field: 'batchSize', overTrainingSet };
  }
  return { ok: true, config: { experiment: spec.id, hyperparameters, seed } };
}

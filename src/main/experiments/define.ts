// What one book experiment is, in one place: its spec (section, titles, hyperparameters, plots,
// training-set size — the data the renderer and the CLI read), a training loop written the way the
// book writes it, and what the CLI prints of its result. The loop talks to the runner only through
// the context. Register a new experiment in ./catalog.ts; nothing else names it.
import { batchesPerEpoch, type ExperimentSpec, type Hyperparameters } from '../../shared/experiment-spec';
import type { DatasetView, EpochMetrics, TrainingSummary } from '../../shared/training';
import type { Generator, Tensor, optim } from '../engine';

export interface ExperimentContext<K extends string = string> {
  /** Validated hyperparameters, every key of the spec present. */
  readonly hp: Hyperparameters<K>;
  readonly seed: number;
  /** The run's only source of randomness: same seed ⇒ same run. */
  readonly rng: Generator;
  /**
   * Registers the model's parameters by PyTorch state_dict name. The runner reads them for
   * snapshots (at a bounded rate) and for the final result, including after a cancel.
   */
  track(params: Record<string, Tensor>): void;
  /**
   * Reports a step's batch loss before the update is applied. Throws (a StopTraining the runner
   * catches) when the run is cancelled or the loss is not finite, so the loop needs no checks.
   * `detail` lets step mode (book 4.7) record the step: pass it from every training loop, before
   * backward().
   */
  step(loss: number, detail?: StepDetail): void;
  /**
   * Ends the run (the same way `step` does) when it has been cancelled. Long loops that report no
   * steps call it once per batch — evaluating the test set, full-set losses — so a Stop during
   * them lands at once instead of after the loop.
   */
  checkStop(): void;
  /** Reports an epoch's metrics; a non-finite value stops the run the same way. */
  epoch(metrics: EpochMetrics): void;
  /** Hands the data panels their points (call once, after the data is made). */
  dataset(view: DatasetView): void;
  /** Results beyond parameters and metrics (confusion matrix, curves) for the final summary. */
  report(part: ExperimentReport): void;
}

/** What step mode needs to record one minibatch (see services/training/step-capture.ts). */
export interface StepDetail {
  /** The batch exactly as the model receives it, and the targets as the loss does. */
  readonly X: Tensor;
  readonly y: Tensor;
  /** The tensor the loop calls backward() on next (its graph is drawn). */
  readonly objective: Tensor;
  /** The optimiser whose step() follows (its state is shown); absent for the book's hand-written sgd. */
  readonly optimizer?: optim.Optimizer;
}

export type ExperimentReport = Pick<TrainingSummary, 'classification' | 'activations'>;

/** What `d2l-workbench train` prints besides the epoch lines. */
export interface ExperimentCli {
  /** Print the first, the last and every n-th epoch line (the book plots every 20th in 4.4). Default 1. */
  printEvery?: number;
  /** Lines printed after training when the run completed or was cancelled (the book's e(w), e(b) …). */
  result?(summary: TrainingSummary): string;
}

export interface Experiment<K extends string = string> {
  readonly spec: ExperimentSpec<K>;
  /**
   * Batches per epoch for these hyperparameters (progress: totalSteps = epochs × this). Default:
   * ⌈training-set size / batch size⌉, 0 for an experiment without a training set.
   */
  stepsPerEpoch?(hp: Hyperparameters<K>): number;
  /** Linear regression: the true w and b and the names of the learned ones, for e(w), e(b). */
  readonly linearTruth?: { w: readonly number[]; b: number; weight: string; bias: string };
  readonly cli?: ExperimentCli;
  /**
   * The book's PyTorch program for this section (programs/<id>.py imported as text; see
   * ./program.ts for its shape). Every catalog experiment has one; tests' throwaway ones may not.
   */
  readonly program?: string;
  /**
   * The synthetic data the run trains on, by the names the program's make_data() returns, drawn
   * from a fresh generator seeded like the run's (run() draws it first, through this function).
   * A PyTorch export writes it as data.npz so run.py evaluates on exactly the run's data.
   */
  runData?(hp: Hyperparameters<K>, rng: Generator): Record<string, Tensor>;
  run(ctx: ExperimentContext<K>): void;
}

/** Types an experiment from its spec, so its loop reads `ctx.hp.lr` as a number without casts. */
export function defineExperiment<K extends string>(experiment: Experiment<K>): Experiment<K> {
  return experiment;
}

/** Batches per epoch: the experiment's own count, else ⌈training-set size / batch size⌉, else 0. */
export function stepsPerEpochOf(experiment: Experiment, hp: Hyperparameters): number {
  return experiment.stepsPerEpoch ? experiment.stepsPerEpoch(hp) : (batchesPerEpoch(experiment.spec, hp) ?? 0);
}

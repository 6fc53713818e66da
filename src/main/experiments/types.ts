// What one book experiment is: its catalog entry (shared with the renderer) and a training loop
// written the way the book writes it. The loop talks to the runner only through the context.
import type { ExperimentSpec } from '../../shared/catalog';
import type { DatasetView, EpochMetrics, TrainingSummary } from '../../shared/training';
import type { Generator, Tensor } from '../engine';

export interface ExperimentContext {
  /** Validated hyperparameters, every key of the spec present. */
  readonly hp: Readonly<Record<string, number>>;
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
   */
  step(loss: number): void;
  /** Reports an epoch's metrics; a non-finite value stops the run the same way. */
  epoch(metrics: EpochMetrics): void;
  /** Hands the data panels their points (call once, after the data is made). */
  dataset(view: DatasetView): void;
  /** Results beyond parameters and metrics (confusion matrix, curves) for the final summary. */
  report(part: ExperimentReport): void;
}

export type ExperimentReport = Pick<TrainingSummary, 'classification' | 'activations'>;

export interface Experiment {
  readonly spec: ExperimentSpec;
  /** Batches per epoch for these hyperparameters (for progress: totalSteps = epochs × this). */
  stepsPerEpoch(hp: Readonly<Record<string, number>>): number;
  /** Linear regression: the true w and b and the names of the learned ones, for e(w), e(b). */
  readonly linearTruth?: { w: readonly number[]; b: number; weight: string; bias: string };
  run(ctx: ExperimentContext): void;
}

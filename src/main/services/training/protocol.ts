// Messages between the training service (main thread) and one training worker.
import type { BackendLabel, DatasetView, EpochMetrics, ParamMap, TrainingConfig, TrainingSummary } from '../../../shared/training';

export interface WorkerInput {
  config: TrainingConfig;
  /** Int32Array view over this: element 0 becomes 1 when the run should stop. */
  stop: SharedArrayBuffer;
  /** Minimum time between step-loss batches posted to the main thread. */
  postIntervalMs: number;
  backend?: 'auto' | 'native' | 'wasm' | 'ts';
  /** Data directory to look for Fashion-MNIST in; the default data directory when absent. */
  dataDir?: string;
}

export type WorkerMessage =
  | { type: 'begin'; totalSteps: number; stepsPerEpoch: number; backend: BackendLabel }
  | {
      type: 'progress';
      /** Steps and epochs finished so far. */
      step: number;
      epoch: number;
      stepLosses: number[];
      epochMetrics: EpochMetrics[];
      snapshot?: ParamMap;
      dataset?: DatasetView;
    }
  | { type: 'result'; summary: TrainingSummary };

export const STOP_INDEX = 0;

// Messages between the training service (main thread) and one training worker.
import type { BackendLabel, DatasetView, EpochMetrics, ParamMap, TrainingConfig } from '../../../shared/training';
import type { RunResult } from './runner';

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
  | {
      type: 'result';
      /**
       * Everything but the step losses: every one of those went out in a progress message before
       * this, and the main thread keeps them. `stepCount` is how many there were, to check that.
       * The parameters' buffers are transferred, not copied.
       */
      summary: RunResult;
      stepCount: number;
    };

export const STOP_INDEX = 0;

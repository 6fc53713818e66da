// Messages between the training service (main thread) and one training worker. A worker does one
// job: train a run (WorkerInput), or replay one for step mode (StepJob).
import type { BackendLabel, DatasetView, EpochMetrics, ParamMap, TrainingRequest } from '../../../shared/training';
import type { StepView } from '../../../shared/step';
import type { RunConfig } from '../../../shared/runs';
import type { RunResult } from './runner';

export interface WorkerInput {
  config: RunConfig;
  /** Int32Array view over this: element 0 becomes 1 when the run should stop. */
  stop: SharedArrayBuffer;
  /** Minimum time between step-loss batches posted to the main thread. */
  postIntervalMs: number;
  backend?: 'auto' | 'native' | 'wasm' | 'ts';
  /** Data directory to look for Fashion-MNIST in; the default data directory when absent. */
  dataDir?: string;
  /** Watch it learn: the run takes at least this long (see ./pacer.ts). */
  watchMs?: number;
}

/**
 * Step mode's replay of a run from its seed to one step (book 4.7). It runs in a worker because a
 * replay costs as many training steps as the step number: seconds for LeNet, far beyond what one
 * request may hold the main thread's event loop for.
 */
export interface StepJob {
  kind: 'step';
  request: TrainingRequest;
  step: number;
  backend?: WorkerInput['backend'];
  dataDir?: string;
}

export type WorkerJob = WorkerInput | StepJob;

/** What a step job posts once, then the worker exits. */
export type StepJobMessage =
  | { type: 'step-view'; view: StepView }
  /** `invalid`: the request itself was refused (bad hyperparameters), not the replay. */
  | { type: 'step-failed'; message: string; invalid: boolean };

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

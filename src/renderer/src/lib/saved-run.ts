// A run opened from the run store, shaped like a live run so the experiment panel draws it the same
// way: the saved (thinned) step series, the epoch metrics, the final parameters and the dataset
// preview the run was trained on.
import type { RunRecord } from '../../../shared/runs';
import { batchesPerEpoch, type ExperimentSpec } from '../../../shared/experiment-spec';
import type { ParamMap } from '../../../shared/training';
import { toEpochPoint, type ChartData } from './chart-data';
import type { RunDisplay } from './run-display';
import { StepBuckets } from './step-buckets';

export interface SavedRunView extends RunDisplay {
  readonly record: RunRecord;
}

/** Batches per epoch for a saved config (the last batch may be short, as DataLoader makes it). */
export function stepsPerEpochOfConfig(spec: ExperimentSpec | undefined, config: RunRecord['config']): number {
  return (spec && batchesPerEpoch(spec, config.hyperparameters)) || 1;
}

export function savedRunView(record: RunRecord, params: ParamMap | undefined, spec: ExperimentSpec | undefined): SavedRunView {
  const buckets = StepBuckets.fromThinned(record.steps.every, record.steps.losses, record.summary.stepsCompleted);
  const charts: ChartData = {
    steps: buckets.points(),
    stepsEvery: buckets.every,
    epochs: record.epochs.map(toEpochPoint),
  };
  if (params && Object.keys(params).length > 0) charts.params = params;
  if (record.dataset) charts.dataset = record.dataset;
  if (record.classification) charts.classification = record.classification;
  const epochs = record.config.hyperparameters.epochs ?? record.summary.epochsCompleted;
  const perEpoch = stepsPerEpochOfConfig(spec, record.config);
  return {
    record,
    runId: record.id,
    status: record.status,
    epoch: record.summary.epochsCompleted,
    step: record.summary.stepsCompleted,
    totalSteps: record.status === 'completed' ? record.summary.stepsCompleted : epochs * perEpoch,
    message: record.message,
    backendLabel: record.backend,
    startedAt: undefined,
    trainMs: record.durations.trainMs,
    charts,
    config: record.config,
    active: false,
  };
}

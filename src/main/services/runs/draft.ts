// Turns what a finished training run reports into the on-disk RunRecord: non-finite metrics become
// null (JSON has no NaN), long step series are thinned by averaging, and the summary is derived
// from the series so it can never disagree with them.
import {
  KEY_PATTERN, RUN_LIMITS, RUN_SCHEMA_VERSION,
  type EpochRecord, type Metric, type ModelDescription, type RunConfig, type RunRecord, type RunStatus,
} from '../../../shared/runs';
import type { NamedParams } from '../export/tensors';
import type { ClassificationReport, DatasetView } from '../../../shared/training';
import { groupMeans } from '../../../shared/group-means';

/**
 * What the store needs to record a run: the record's own fields as training reports them, before
 * the store gives it an id, a time and a summary. `epochs` entries may carry other numeric metrics too.
 */
export interface RunDraft
  extends Pick<RunRecord, 'experiment' | 'section' | 'config' | 'status' | 'message' | 'backend' | 'durations' | 'model' | 'dataset' | 'truth' | 'classification' | 'title' | 'note'> {
  /** Keep a given id (imports); a new one is made otherwise. */
  id?: string;
  createdAt?: string;
  epochs: ReadonlyArray<{ epoch: number; loss: number }>;
  stepLosses: ArrayLike<number>;
  pinned?: boolean;
}

export function toMetric(x: number): Metric {
  return Number.isFinite(x) ? x : null;
}

export function thinSteps(losses: ArrayLike<number>, max: number = RUN_LIMITS.maxSteps): { every: number; losses: Metric[] } {
  const { every, means } = groupMeans(losses, max);
  return { every, losses: means.map(toMetric) };
}

/** Keeps the epoch, its loss and up to the cap of other numeric metrics (testLoss, weightNorm, …). */
function epochMetrics(e: { epoch: number; loss: number }): EpochRecord {
  const out: EpochRecord = { epoch: e.epoch, loss: toMetric(e.loss) };
  let n = 0;
  for (const [key, value] of Object.entries(e as object)) {
    if (key === 'epoch' || key === 'loss' || typeof value !== 'number' || !KEY_PATTERN.test(key)) continue;
    if (++n > RUN_LIMITS.maxMetricsPerEpoch - 1) break;
    out[key] = toMetric(value);
  }
  return out;
}

export function buildRecord(draft: RunDraft, id: string, params: NamedParams): RunRecord {
  const epochs = draft.epochs.map(epochMetrics);
  const steps = thinSteps(draft.stepLosses);
  const lastEpoch = epochs[epochs.length - 1];
  const lastStep = draft.stepLosses.length > 0 ? toMetric(draft.stepLosses[draft.stepLosses.length - 1]!) : null;
  const record: RunRecord = {
    schemaVersion: RUN_SCHEMA_VERSION,
    id,
    experiment: draft.experiment,
    section: draft.section,
    config: { experiment: draft.config.experiment, hyperparameters: { ...draft.config.hyperparameters }, seed: draft.config.seed },
    status: draft.status,
    backend: draft.backend,
    createdAt: draft.createdAt ?? new Date().toISOString(),
    durations: draft.durations.totalMs === undefined ? { trainMs: draft.durations.trainMs } : { ...draft.durations },
    epochs,
    steps,
    summary: {
      finalLoss: lastEpoch ? lastEpoch.loss : lastStep,
      epochsCompleted: epochs.length,
      stepsCompleted: draft.stepLosses.length,
    },
    params: Object.entries(params).map(([name, t]) => ({ name, shape: [...t.shape] })),
    pinned: draft.pinned ?? false,
  };
  if (lastEpoch && 'testLoss' in lastEpoch) record.summary.finalTestLoss = lastEpoch.testLoss ?? null;
  if (draft.message) record.message = draft.message.slice(0, RUN_LIMITS.messageChars);
  if (draft.model) record.model = draft.model;
  if (draft.dataset) record.dataset = draft.dataset;
  if (draft.truth) record.truth = draft.truth;
  if (draft.classification) record.classification = draft.classification;
  if (draft.title) record.title = draft.title;
  if (draft.note) record.note = draft.note;
  return record;
}

/** The finished-run summary the training service reports (shared/training.ts TrainingSummary), as far as the store reads it. */
export interface TrainingResultLike {
  section: string;
  status: RunStatus;
  message?: string;
  config: RunConfig;
  backend: string | { name: string; label?: string };
  epochs: ReadonlyArray<{ epoch: number; loss: number }>;
  stepLosses: ArrayLike<number>;
  params: NamedParams;
  timing: { trainMs: number; totalMs?: number };
  model?: ModelDescription;
  truth?: { w: number[]; b: number[] };
  classification?: ClassificationReport;
}

export function draftFromTraining(result: TrainingResultLike, dataset?: DatasetView): { draft: RunDraft; params: NamedParams } {
  const experiment = result.config.experiment;
  const draft: RunDraft = {
    experiment,
    section: result.section,
    config: result.config,
    status: result.status,
    // The label ("native OpenBLAS (Haswell)") tells a reader more than the name alone.
    backend: typeof result.backend === 'string' ? result.backend : (result.backend.label || result.backend.name).slice(0, 200),
    durations: result.timing,
    epochs: result.epochs,
    stepLosses: result.stepLosses,
  };
  if (result.message) draft.message = result.message;
  if (result.model) draft.model = result.model;
  if (result.truth) draft.truth = result.truth;
  if (result.classification) draft.classification = result.classification;
  if (dataset) draft.dataset = dataset;
  return { draft, params: result.params };
}

// A saved run as it lives on disk (`runs/<id>/run.json`) and crosses the contract. The schema is the
// gate for untrusted input: run folders and `.d2lrun` bundles may come from anywhere, so every
// field is typed, every string and array is capped, and ids can never look like paths.
import * as v from 'valibot';
import type { ClassificationReport, DatasetView } from './training';
import { refuseForbiddenKeys, storedDatasetView, storedSamplesSchema } from './training-schema';

export const RUN_SCHEMA_VERSION = 1;

/** Run ids are folder names: lower-case letters, digits and dashes only, never `.`, `/` or `\`. */
export const RUN_ID_PATTERN = /^[a-z0-9-]{1,64}$/;
/** Metric and hyperparameter keys (`loss`, `testLoss`, `batchSize`); no `__proto__` or paths. */
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/**
 * Parameter names follow PyTorch state_dict keys: `0.weight`, `net.1.bias`, `w`, `b`. A leading
 * `__` is refused so no name can be `__proto__` (or safetensors' `__metadata__`).
 */
export const PARAM_NAME_PATTERN = /^(?!__)[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}$/;

const MiB = 1024 * 1024;

export const RUN_LIMITS = {
  runJsonBytes: 16 * MiB,
  /**
   * The parameters one run (and so one import) may hold: 16 M float32 values, 60 times the book's
   * largest model. A 283 KB bundle once inflated to 268 MB of parameters and took the server down.
   */
  paramsBytes: 64 * MiB,
  /** A bundle holds run.json + params, zipped; the cap bounds the file read before parsing. */
  bundleBytes: 16 * MiB + 64 * MiB + MiB,
  /** One export written to a file (the CLI): a CSV of the largest run allowed fits. */
  exportFileBytes: 1024 * MiB,
  maxEpochs: 100_000,
  /** Longer step series are thinned to this many points (see `steps.every`). */
  maxSteps: 200_000,
  maxMetricsPerEpoch: 32,
  maxHyperparameters: 64,
  maxParams: 1024,
  maxDims: 8,
  maxLayers: 256,
  titleChars: 200,
  noteChars: 10_000,
  messageChars: 10_000,
} as const;

export type RunStatus = 'completed' | 'cancelled' | 'diverged' | 'failed';
export const RUN_STATUSES: readonly RunStatus[] = ['completed', 'cancelled', 'diverged', 'failed'];

/** A metric value; `null` stands for a value that was not finite (a diverged loss), which JSON cannot hold. */
export type Metric = number | null;

/** One stored epoch: the live EpochMetrics (shared/training) with non-finite values as null. */
export interface EpochRecord {
  epoch: number;
  loss: Metric;
  [metric: string]: Metric;
}

/** A validated training request with every hyperparameter filled in (the book's defaults, seed 42). */
export interface RunConfig {
  experiment: string;
  hyperparameters: Record<string, number>;
  seed: number;
}

export interface ParamInfo {
  name: string;
  shape: number[];
}

/**
 * The forward graph of a model that has one, for ONNX export. `layout` says how a linear layer's
 * weight is stored: `out-in` is nn.Linear's (out_features, in_features); `in-out` is the book's
 * from-scratch `w` of shape (in, out), used as `X @ w`.
 */
export type ModelLayer =
  | { kind: 'linear'; weight: string; bias?: string; layout: 'out-in' | 'in-out' }
  | { kind: 'relu' }
  | { kind: 'flatten' }
  | { kind: 'softmax' };

export interface ModelDescription {
  /** Shape of one example, without the batch dimension, e.g. [2] or [1, 28, 28]. */
  inputShape: number[];
  layers: ModelLayer[];
}

export interface RunRecord {
  schemaVersion: 1;
  id: string;
  experiment: string;
  /** Book section, e.g. "3.3". */
  section: string;
  config: RunConfig;
  status: RunStatus;
  /** Why a run failed, diverged or was cancelled. */
  message?: string;
  /** Engine backend the run trained on (`native`, `ts`) or a label naming it. */
  backend: string;
  /** ISO 8601 timestamp of when the run finished and was recorded. */
  createdAt: string;
  durations: { trainMs: number; totalMs?: number };
  epochs: EpochRecord[];
  /** Per-step losses; entry i is the mean over steps [i*every, (i+1)*every). */
  steps: { every: number; losses: Metric[] };
  summary: { finalLoss: Metric; finalTestLoss?: Metric; epochsCompleted: number; stepsCompleted: number };
  /** Index of the tensors in params.safetensors (empty: the run has no parameters saved). */
  params: ParamInfo[];
  /** Forward graph for ONNX export, when the experiment states one. */
  model?: ModelDescription;
  /** What the data panels drew while it trained (subsampled), so opening the run restores them. */
  dataset?: DatasetView;
  /** Linear regression: the true parameters the data was made from. */
  truth?: { w: number[]; b: number[] };
  /** Classifiers (3.6+): the final model's test confusion matrix and prediction grid. */
  classification?: ClassificationReport;
  title?: string;
  note?: string;
  pinned: boolean;
}

/** One line of the run list: enough to show and sort without opening params. */
export interface RunListItem {
  id: string;
  experiment: string;
  section: string;
  status: RunStatus;
  createdAt: string;
  finalLoss: Metric;
  backend: string;
  title?: string;
  pinned: boolean;
  hasParams: boolean;
  /** The run's hyperparameters and seed: the list shows the ones that tell runs of an experiment apart. */
  hyperparameters: Record<string, number>;
  seed: number;
  /** Zero for a run cancelled before its first step (the list hides those by default). */
  stepsCompleted: number;
}

/** A run stopped before it trained a single step: nothing to look at, hidden from the list by default. */
export function cancelledBeforeStart(item: Pick<RunListItem, 'status' | 'stepsCompleted'>): boolean {
  return item.status === 'cancelled' && item.stepsCompleted === 0;
}

/**
 * The stem of a run's exported files: its title (or experiment) in characters every file system
 * and browser download accepts, then its id, so `Adam, lr=0.1?` becomes `Adam-lr-0.1-<id>`.
 * Letters of any script are kept (a Chinese title stays Chinese); path separators, reserved
 * characters, controls and spaces become single dashes.
 */
export function exportFileStem(run: { id: string; experiment: string; title?: string | undefined }): string {
  const name = (run.title ?? run.experiment)
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  const short = [...name].slice(0, 60).join('').replace(/[-.]+$/, '');
  return short === '' || short === run.id ? run.id : `${short}-${run.id}`;
}

/** A run folder that could not be loaded: which one and what is wrong with it. */
export interface RunProblem {
  folder: string;
  reason: string;
}

export interface RunList {
  runs: RunListItem[];
  problems: RunProblem[];
}

/** User edits; an empty title or note removes it. */
export interface RunPatch {
  title?: string;
  note?: string;
  pinned?: boolean;
}

export { EXPORT_FORMATS, type ExportFormat } from './export-formats';

// ---- schemas ---------------------------------------------------------------------------------

const text = (max: number) => v.pipe(v.string(), v.maxLength(max, `must be at most ${max} characters`));
const finite = v.pipe(v.number(), v.finite('must be a finite number'));
const count = v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(0, 'must be ≥ 0'));
const metric = v.nullable(finite);
const key = v.pipe(v.string(), v.regex(KEY_PATTERN, 'must be a key like "testLoss"'));
const paramName = v.pipe(v.string(), v.regex(PARAM_NAME_PATTERN, 'must be a state_dict key like "0.weight"'));

export const runIdSchema = v.pipe(v.string(), v.regex(RUN_ID_PATTERN, 'must be 1–64 of a-z, 0-9 and "-"'));
const experimentId = runIdSchema;

const shapeSchema = v.pipe(
  v.array(v.pipe(count, v.maxValue(2 ** 31 - 1, 'dimension too large'))),
  v.maxLength(RUN_LIMITS.maxDims, `at most ${RUN_LIMITS.maxDims} dimensions`),
);

const epochSchema = v.pipe(
  v.unknown(),
  refuseForbiddenKeys('metric name'),
  v.objectWithRest({ epoch: count, loss: metric }, metric),
  v.check(
    (e) => Object.keys(e).length <= RUN_LIMITS.maxMetricsPerEpoch + 1 && Object.keys(e).every((k) => KEY_PATTERN.test(k)),
    `an epoch has at most ${RUN_LIMITS.maxMetricsPerEpoch} metrics named like "testLoss"`,
  ),
);

const layerSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('linear'), weight: paramName, bias: v.optional(paramName), layout: v.picklist(['out-in', 'in-out']) }),
  v.strictObject({ kind: v.literal('relu') }),
  v.strictObject({ kind: v.literal('flatten') }),
  v.strictObject({ kind: v.literal('softmax') }),
]);

export const modelDescriptionSchema: v.GenericSchema<unknown, ModelDescription> = v.strictObject({
  inputShape: v.pipe(shapeSchema, v.minLength(1, 'needs at least one dimension')),
  layers: v.pipe(v.array(layerSchema), v.minLength(1, 'needs at least one layer'), v.maxLength(RUN_LIMITS.maxLayers)),
});

/** A classifier has at most this many classes (Fashion-MNIST has 10). */
const MAX_CLASSES = 100;

const classificationSchema: v.GenericSchema<unknown, ClassificationReport> = v.strictObject({
  testAccuracy: v.pipe(finite, v.minValue(0, 'must be ≥ 0'), v.maxValue(1, 'must be ≤ 1')),
  confusion: v.pipe(
    v.array(v.pipe(v.array(count), v.maxLength(MAX_CLASSES, `at most ${MAX_CLASSES} classes`))),
    v.maxLength(MAX_CLASSES, `at most ${MAX_CLASSES} classes`),
  ),
  predictions: v.pipe(
    v.strictObject({
      ...storedSamplesSchema.entries,
      predicted: v.pipe(v.array(v.pipe(count, v.maxValue(MAX_CLASSES - 1))), v.maxLength(100)),
    }),
    v.check((p) => p.predicted.length === p.indices.length && p.labels.length === p.indices.length, 'indices, labels and predicted must have the same length'),
  ),
});

export const runRecordSchema: v.GenericSchema<unknown, RunRecord> = v.strictObject({
  schemaVersion: v.literal(RUN_SCHEMA_VERSION, `schemaVersion must be ${RUN_SCHEMA_VERSION}`),
  id: runIdSchema,
  experiment: experimentId,
  section: v.pipe(v.string(), v.regex(/^[0-9A-Za-z.]{1,16}$/, 'must be a book section like "3.3"')),
  config: v.strictObject({
    experiment: experimentId,
    hyperparameters: v.pipe(v.unknown(), refuseForbiddenKeys('hyperparameter name'), v.record(key, finite), v.maxEntries(RUN_LIMITS.maxHyperparameters)),
    seed: count,
  }),
  status: v.picklist(RUN_STATUSES, `must be one of ${RUN_STATUSES.join(', ')}`),
  message: v.optional(text(RUN_LIMITS.messageChars)),
  backend: v.pipe(text(200), v.minLength(1, 'must not be empty')),
  createdAt: v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp')),
  durations: v.strictObject({ trainMs: v.pipe(finite, v.minValue(0)), totalMs: v.optional(v.pipe(finite, v.minValue(0))) }),
  epochs: v.pipe(v.array(epochSchema), v.maxLength(RUN_LIMITS.maxEpochs, `at most ${RUN_LIMITS.maxEpochs} epochs`)),
  steps: v.strictObject({
    every: v.pipe(count, v.minValue(1, 'must be ≥ 1')),
    losses: v.pipe(v.array(metric), v.maxLength(RUN_LIMITS.maxSteps, `at most ${RUN_LIMITS.maxSteps} steps`)),
  }),
  summary: v.strictObject({
    finalLoss: metric,
    finalTestLoss: v.optional(metric),
    epochsCompleted: count,
    stepsCompleted: count,
  }),
  params: v.pipe(
    v.array(v.strictObject({ name: paramName, shape: shapeSchema })),
    v.maxLength(RUN_LIMITS.maxParams, `at most ${RUN_LIMITS.maxParams} tensors`),
    v.check((list) => new Set(list.map((p) => p.name)).size === list.length, 'parameter names must be unique'),
  ),
  model: v.optional(modelDescriptionSchema),
  dataset: v.optional(storedDatasetView),
  truth: v.optional(v.strictObject({ w: v.pipe(v.array(finite), v.maxLength(10_000)), b: v.pipe(v.array(finite), v.maxLength(10_000)) })),
  classification: v.optional(classificationSchema),
  title: v.optional(text(RUN_LIMITS.titleChars)),
  note: v.optional(text(RUN_LIMITS.noteChars)),
  pinned: v.boolean(),
});

export const runPatchSchema: v.GenericSchema<unknown, RunPatch> = v.strictObject({
  title: v.optional(text(RUN_LIMITS.titleChars)),
  note: v.optional(text(RUN_LIMITS.noteChars)),
  pinned: v.optional(v.boolean()),
});

/** Validates untrusted data as a run record; the error names the field path and what is wrong. */
export function parseRunRecord(data: unknown): { ok: true; record: RunRecord } | { ok: false; reason: string } {
  const result = v.safeParse(runRecordSchema, data);
  if (result.success) return { ok: true, record: result.output };
  const issue = result.issues[0];
  const path = v.getDotPath(issue) ?? '';
  return { ok: false, reason: `${path ? `${path}: ` : ''}${issue.message}` };
}

export function isRunId(id: unknown): id is string {
  return typeof id === 'string' && RUN_ID_PATTERN.test(id);
}

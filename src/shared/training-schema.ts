// Shapes of the training requests and events. These check structure and size only; the ranges
// (lr > 0, batch size ≤ samples, …) are checked by validateTrainingRequest against the catalog,
// so the CLI and the contract refuse a value with the same words.
import * as v from 'valibot';
import type { DatasetView, TrainingFinished, TrainingProgress, TrainingRequest, TrainingSaved } from './training';

const ID_CHARS = 100;
const MAX_HYPERPARAMETERS = 32;

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(ID_CHARS));
const name = v.pipe(v.string(), v.maxLength(ID_CHARS));
const text = v.pipe(v.string(), v.maxLength(10_000));
const numbers = v.array(v.number());

/** Names that would reach Object.prototype if a record were ever built by assignment. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

/**
 * valibot's record() (and objectWithRest) skip `__proto__`, `constructor` and `prototype` without
 * a word, so a request naming one would silently train with the default instead. Put this before
 * the record in a pipe to refuse them by name; `what` names the keys in the message.
 */
export function refuseForbiddenKeys(what: string) {
  return v.rawCheck<unknown>(({ dataset, addIssue }) => {
    if (!dataset.typed || typeof dataset.value !== 'object' || dataset.value === null) return;
    const bad = Object.keys(dataset.value).find((k) => FORBIDDEN_KEYS.includes(k));
    if (bad !== undefined) addIssue({ message: `${what} "${bad}" is not allowed (${FORBIDDEN_KEYS.join(', ')} are reserved words)` });
  });
}

export const trainingRequestSchema: v.GenericSchema<unknown, TrainingRequest> = v.strictObject({
  experiment: id,
  hyperparameters: v.pipe(
    v.unknown(),
    refuseForbiddenKeys('hyperparameter name'),
    v.record(name, v.number()),
    v.check((r) => Object.keys(r).length <= MAX_HYPERPARAMETERS, `at most ${MAX_HYPERPARAMETERS} hyperparameters`),
  ),
  seed: v.optional(v.number()),
  watch: v.optional(v.boolean()),
});

export const runIdSchema = v.strictObject({ runId: id });

const epochMetrics = v.strictObject({
  epoch: v.number(),
  loss: v.number(),
  testLoss: v.optional(v.number()),
  weightNorm: v.optional(v.number()),
  trainAccuracy: v.optional(v.number()),
  testAccuracy: v.optional(v.number()),
});

const MAX_SAMPLES = 100;

type NumberSchema = v.GenericSchema<unknown, number>;

function samplesOf(num: NumberSchema) {
  const numbers = v.array(num);
  return v.strictObject({
    split: v.picklist(['train', 'test']),
    indices: v.pipe(numbers, v.maxLength(MAX_SAMPLES)),
    labels: v.pipe(numbers, v.maxLength(MAX_SAMPLES)),
    width: v.literal(28),
    height: v.literal(28),
    // 784 bytes an image, base64.
    pixels: v.pipe(v.string(), v.maxLength(Math.ceil((MAX_SAMPLES * 784) / 3) * 4)),
  });
}

/** Images sent for a grid (the dataset preview, the prediction grid). */
export const samplesSchema = samplesOf(v.number());

function activationsOf(num: NumberSchema) {
  const numbers = v.array(num);
  return v.strictObject({
    x: numbers,
    curves: v.array(v.strictObject({ name: v.picklist(['relu', 'sigmoid', 'tanh']), y: numbers, grad: numbers })),
  });
}

const activations = activationsOf(v.number());

const classification = v.strictObject({
  testAccuracy: v.number(),
  confusion: v.pipe(v.array(v.pipe(numbers, v.maxLength(100))), v.maxLength(100)),
  predictions: v.strictObject({ ...samplesSchema.entries, predicted: v.pipe(numbers, v.maxLength(MAX_SAMPLES)) }),
});

const paramMap = v.record(name, v.strictObject({ shape: numbers, data: numbers }));

function datasetViewOf(num: NumberSchema): v.GenericSchema<unknown, DatasetView> {
  const numbers = v.array(num);
  const xy = v.strictObject({ x: numbers, y: numbers });
  return v.strictObject({
    scatter: v.optional(v.strictObject({ xLabel: name, yLabel: name, x: numbers, y: numbers })),
    testScatter: v.optional(xy),
    curve: v.optional(xy),
    fit: v.optional(
      v.variant('kind', [
        v.strictObject({ kind: v.literal('linear'), weight: name, bias: name, featureIndex: num }),
        v.strictObject({ kind: v.literal('poly-factorial'), weight: name }),
      ]),
    ),
    truth: v.optional(v.record(name, numbers)),
    images: v.optional(samplesOf(num)),
    activations: v.optional(activationsOf(num)),
    featureMaps: v.optional(v.strictObject({ label: num, layers: v.pipe(v.array(tensorViewOf(num)), v.maxLength(MAX_VIEW_TENSORS)) })),
    kernels: v.optional(tensorViewOf(num)),
    kernelTrace: v.optional(v.strictObject({
      steps: v.pipe(numbers, v.maxLength(MAX_VIEW_VALUES)),
      values: v.pipe(v.array(v.pipe(numbers, v.maxLength(MAX_VIEW_TENSORS))), v.maxLength(MAX_VIEW_VALUES)),
      truth: v.pipe(numbers, v.maxLength(MAX_VIEW_TENSORS)),
    })),
    matrices: v.optional(v.pipe(v.array(tensorViewOf(num)), v.maxLength(MAX_VIEW_TENSORS))),
  });
}

/** Tensors a view may draw (6.6's feature maps: the input and 12 layers) and values in one. */
const MAX_VIEW_TENSORS = 32;
const MAX_VIEW_VALUES = 20_000;

function tensorViewOf(num: NumberSchema) {
  return v.strictObject({
    name,
    shape: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(0))), v.maxLength(4)),
    data: v.pipe(v.array(num), v.maxLength(MAX_VIEW_VALUES)),
  });
}

/** What the data panels draw, as events carry it. */
export const datasetView = datasetViewOf(v.number());

// What is stored must read back: JSON has no Infinity or NaN (JSON.stringify writes `null`, and
// `1e999` parses to Infinity), so a stored view holds finite numbers only.
const finite: NumberSchema = v.pipe(v.number(), v.finite('must be a finite number'));
/** A dataset view as a run record stores it: every number finite. */
export const storedDatasetView = datasetViewOf(finite);
/** A sample grid as a run record stores it: every number finite. */
export const storedSamplesSchema = samplesOf(finite);

const config = v.strictObject({ experiment: id, hyperparameters: v.record(name, v.number()), seed: v.number() });
const finalStatus = v.picklist(['completed', 'cancelled', 'diverged', 'failed']);

export const trainingProgressSchema: v.GenericSchema<unknown, TrainingProgress> = v.strictObject({
  runId: id,
  status: v.picklist(['queued', 'running']),
  epoch: v.number(),
  step: v.number(),
  totalSteps: v.number(),
  stepLosses: numbers,
  stepEvery: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  stepCount: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  epochMetrics: v.array(epochMetrics),
  snapshot: v.optional(paramMap),
  dataset: v.optional(datasetView),
});

const summary = v.strictObject({
  experiment: id,
  section: v.pipe(v.string(), v.maxLength(16)),
  config,
  status: finalStatus,
  message: v.optional(text),
  backend: v.strictObject({ name: v.picklist(['native', 'wasm', 'ts', 'none']), label: text }),
  epochs: v.array(epochMetrics),
  stepLosses: numbers,
  stepEvery: v.optional(v.number()),
  stepCount: v.optional(v.number()),
  totalSteps: v.number(),
  params: paramMap,
  paramsOmitted: v.optional(v.literal(true)),
  truth: v.optional(v.strictObject({ w: numbers, b: numbers })),
  errors: v.optional(v.strictObject({ w: numbers, b: numbers })),
  classification: v.optional(classification),
  activations: v.optional(activations),
  timing: v.strictObject({ trainMs: v.number() }),
});

export const trainingFinishedSchema: v.GenericSchema<unknown, TrainingFinished> = v.strictObject({
  runId: id,
  status: finalStatus,
  message: v.optional(text),
  summary,
});

export const trainingSavedSchema: v.GenericSchema<unknown, TrainingSaved> = v.union([
  v.strictObject({ runId: id, savedRunId: id }),
  v.strictObject({ runId: id, saveError: text }),
]);

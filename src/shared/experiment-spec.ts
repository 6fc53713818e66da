// What an experiment declares about itself as data: its book section, titles, hyperparameters with
// their ranges, the plots it feeds and the size of its training set. Each experiment's definition
// (src/main/experiments/<id>.ts) holds its spec; the main process hands the list to the renderer
// (`experiments.list`), so the CLI, the training service and the renderer's forms validate with the
// same ranges and print the same messages. This file holds no experiment of its own.

export type Localized = { zh: string; en: string };

export interface HyperparameterSpec<K extends string = string> {
  key: K;
  /** CLI flag without the leading dashes, e.g. `batch-size`. */
  flag: string;
  label: Localized;
  kind: 'int' | 'float';
  default: number;
  min: number;
  max: number;
  /** When true, `min` itself is not allowed (e.g. lr > 0). */
  minExclusive?: boolean;
  unit?: Localized;
  /** Hint for the UI: show the field on a log scale / with scientific notation. */
  log?: boolean;
}

/**
 * The views an experiment's panel shows, in the order it lists them. Classifiers: `images` (the 3.5
 * grid of training images), `accuracy` (train loss / train acc / test acc per epoch, the book's
 * Animator), `predictions` (true vs predicted test images) and `confusion` (test confusion matrix)
 * after training. `activation`: 4.1's functions and their gradients. `curve` adds the noise-free
 * function to the scatter; `params` is the parameter readout.
 */
export const PLOT_KINDS = [
  'scatter', 'loss', 'params', 'curve', 'weight-norm', 'images', 'accuracy', 'predictions', 'confusion', 'activation',
] as const;
export type PlotKind = (typeof PLOT_KINDS)[number];

export interface ExperimentSpec<K extends string = string> {
  id: string;
  /** Book section, e.g. "3.3". */
  section: string;
  title: Localized;
  summary: Localized;
  hyperparameters: ReadonlyArray<HyperparameterSpec<K>>;
  plots: readonly PlotKind[];
  /**
   * Examples in one epoch: a number, or the hyperparameter that sets it (`samples`). Batch size
   * may not exceed it. Absent for experiments that do not train (4.1).
   */
  trainingSetSize?: number | { hyperparameter: K };
  /**
   * The seed a run gets when none is given, when 42 will not do: 4.4's overfitting gap depends on
   * the random draw (see notes/en/4.4-model-selection.md), so its default draw shows the book's gap.
   */
  defaultSeed?: number;
}

/** Validated hyperparameters of a spec, every key present: a loop reads `hp.lr` without casts. */
export type Hyperparameters<K extends string = string> = Readonly<Record<K, number>>;

/** The keys a spec's hyperparameters declare. */
export type KeysOf<S> = S extends ExperimentSpec<infer K> ? K : never;

// Builders for the hyperparameters the book's sections share, so every spec words them the same.
export const epochs = (d: number, max = 1000): HyperparameterSpec<'epochs'> => ({
  key: 'epochs', flag: 'epochs', label: { zh: '训练轮数', en: 'Epochs' }, kind: 'int', default: d, min: 1, max,
});
export const lr = (d: number): HyperparameterSpec<'lr'> => ({
  key: 'lr', flag: 'lr', label: { zh: '学习率', en: 'Learning rate' }, kind: 'float', default: d, min: 0,
  max: 1000, minExclusive: true, log: true,
});
export const batchSize = (d: number, max: number): HyperparameterSpec<'batchSize'> => ({
  key: 'batchSize', flag: 'batch-size', label: { zh: '批量大小', en: 'Batch size' }, kind: 'int', default: d, min: 1, max,
});
export const samples = (d: number, min: number, max: number): HyperparameterSpec<'samples'> => ({
  key: 'samples', flag: 'samples', label: { zh: '样本数', en: 'Samples' }, kind: 'int', default: d, min, max,
});

export const SEED_SPEC: HyperparameterSpec<'seed'> = {
  key: 'seed', flag: 'seed', label: { zh: '随机种子', en: 'Seed' }, kind: 'int', default: 42, min: 0, max: 2 ** 31 - 1,
};

/** The seed field of an experiment: SEED_SPEC with the experiment's own default, if it has one. */
export function seedSpecOf(spec: Pick<ExperimentSpec, 'defaultSeed'>): HyperparameterSpec<'seed'> {
  return spec.defaultSeed === undefined ? SEED_SPEC : { ...SEED_SPEC, default: spec.defaultSeed };
}

export function findSpec(specs: readonly ExperimentSpec[], id: string): ExperimentSpec | undefined {
  return specs.find((e) => e.id === id);
}

/** What is wrong with a value for a hyperparameter; each caller words it (the CLI in English, the form in the UI's language). */
export type ValueProblem = 'not-finite' | 'not-whole' | 'out-of-range';

export function valueProblem(spec: HyperparameterSpec, value: number): ValueProblem | null {
  if (!Number.isFinite(value)) return 'not-finite';
  if (spec.kind === 'int' && !Number.isInteger(value)) return 'not-whole';
  const tooLow = spec.minExclusive ? value <= spec.min : value < spec.min;
  return tooLow || value > spec.max ? 'out-of-range' : null;
}

/** The message the CLI and the contract give: names the flag and the allowed range. */
export function checkHyperparameter(spec: HyperparameterSpec, value: number): string | null {
  const range = `${spec.minExclusive ? '>' : '≥'} ${spec.min} and ≤ ${spec.max}`;
  switch (valueProblem(spec, value)) {
    case null:
      return null;
    case 'not-finite':
      return `${spec.flag} must be a finite number ${range}, got ${value}`;
    case 'not-whole':
      return `${spec.flag} must be a whole number ${range}, got ${value}`;
    case 'out-of-range':
      return `${spec.flag} must be ${range}, got ${value}`;
  }
}

/** Examples per epoch for these hyperparameters, when the spec declares it. */
export function trainingSetSizeOf(spec: ExperimentSpec, hyperparameters: Readonly<Record<string, number>>): number | undefined {
  const size = spec.trainingSetSize;
  if (size === undefined || typeof size === 'number') return size;
  return hyperparameters[size.hyperparameter];
}

/** ⌈training-set size / batch size⌉ (DataLoader keeps the short last batch), when both are known. */
export function batchesPerEpoch(spec: ExperimentSpec, hyperparameters: Readonly<Record<string, number>>): number | undefined {
  const n = trainingSetSizeOf(spec, hyperparameters);
  const batch = hyperparameters.batchSize;
  return n !== undefined && batch !== undefined && batch > 0 ? Math.ceil(n / batch) : undefined;
}

// The experiment list as data that crossed a boundary: the `experiments.list` reply and the copy
// web mode's server embeds in the page it serves (boot data, issue 15). The renderer checks both
// with this one schema before its forms and panels rely on the ranges and plot kinds they carry.
import * as v from 'valibot';
import { PLOT_KINDS, type ExperimentSpec, type HyperparameterSpec, type Localized } from './experiment-spec';

/** The catalog has a few dozen experiments; a list far past that is not one this app wrote. */
const MAX_EXPERIMENTS = 1000;
const MAX_TEXT = 10_000;

const text = v.pipe(v.string(), v.maxLength(MAX_TEXT));
const id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'experiment ids are 1–64 of a-z, 0-9 and "-"'));
const finite = v.pipe(v.number(), v.finite());

const localizedSchema: v.GenericSchema<unknown, Localized> = v.strictObject({ zh: text, en: text });

const hyperparameterSchema: v.GenericSchema<unknown, HyperparameterSpec> = v.pipe(v.strictObject({
  key: v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9]{0,63}$/, 'hyperparameter keys are identifiers')),
  flag: v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,63}$/, 'flags are a-z, 0-9 and "-"')),
  label: localizedSchema,
  kind: v.picklist(['int', 'float']),
  default: finite,
  min: finite,
  max: finite,
  minExclusive: v.optional(v.boolean()),
  unit: v.optional(localizedSchema),
  log: v.optional(v.boolean()),
}), v.check(
  // The form starts from the default and refuses values outside the range: both must agree.
  (h) => (h.minExclusive ? h.min < h.default : h.min <= h.default) && h.default <= h.max,
  'a hyperparameter\'s default lies within its range',
));

const experimentSpecSchema: v.GenericSchema<unknown, ExperimentSpec> = v.pipe(v.strictObject({
  id,
  section: v.pipe(v.string(), v.regex(/^\d{1,2}(\.\d{1,2}){0,3}$/, 'sections look like "3.3"')),
  title: localizedSchema,
  summary: localizedSchema,
  hyperparameters: v.pipe(v.array(hyperparameterSchema), v.maxLength(100)),
  plots: v.pipe(v.array(v.picklist(PLOT_KINDS)), v.maxLength(PLOT_KINDS.length)),
  trainingSetSize: v.optional(v.union([
    v.pipe(v.number(), v.integer(), v.minValue(1)),
    v.strictObject({ hyperparameter: v.string() }),
  ])),
  defaultSeed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
}), v.check(
  // The batch-size check reads the training-set size from this hyperparameter's value.
  (s) => typeof s.trainingSetSize !== 'object' || s.hyperparameters.some((h) => h.key === (s.trainingSetSize as { hyperparameter: string }).hyperparameter),
  'a training-set size read from a hyperparameter names one of the experiment\'s own',
));

export const experimentListSchema = v.pipe(
  v.array(experimentSpecSchema),
  v.maxLength(MAX_EXPERIMENTS, `an experiment list holds at most ${MAX_EXPERIMENTS} experiments`),
);

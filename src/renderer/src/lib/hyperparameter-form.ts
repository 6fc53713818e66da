// The experiment form as data: the text in each field, what it parses to and what is wrong with
// it. Messages are the catalog's own (checkHyperparameter, validateTrainingRequest), so the form
// says exactly what the CLI and the server would say.
import { SEED_SPEC, checkHyperparameter, type ExperimentSpec, type HyperparameterSpec } from '../../../shared/experiment-spec';
import { validateTrainingRequest, type TrainingRequest } from '../../../shared/training';

export type FieldTexts = Record<string, string>;

/** Every field of an experiment's form, hyperparameters first, the seed last. */
export function formSpecs(experiment: ExperimentSpec): HyperparameterSpec[] {
  return [...experiment.hyperparameters, SEED_SPEC];
}

export function defaultTexts(experiment: ExperimentSpec, seed = SEED_SPEC.default): FieldTexts {
  const texts: FieldTexts = {};
  for (const h of experiment.hyperparameters) texts[h.key] = String(h.default);
  texts[SEED_SPEC.key] = String(seed);
  return texts;
}

/** Blank → NaN (so the message says "got NaN" as the CLI would for a missing value). */
export function parseField(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/**
 * One message per invalid field. Each field is checked alone first; when all pass, the request is
 * checked as a whole (batch size ≤ samples) and that message goes under the field it names.
 */
export function fieldErrors(experiment: ExperimentSpec, texts: FieldTexts): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const spec of formSpecs(experiment)) {
    const problem = checkHyperparameter(spec, parseField(texts[spec.key] ?? ''));
    if (problem) errors[spec.key] = problem;
  }
  if (Object.keys(errors).length > 0) return errors;
  const checked = validateTrainingRequest(toRequest(experiment, texts), [experiment]);
  if (!checked.ok) {
    const owner = formSpecs(experiment).find((s) => checked.message.startsWith(`${s.flag} `));
    errors[owner?.key ?? SEED_SPEC.key] = checked.message;
  }
  return errors;
}

export function toRequest(experiment: ExperimentSpec, texts: FieldTexts): TrainingRequest {
  const hyperparameters: Record<string, number> = {};
  for (const h of experiment.hyperparameters) hyperparameters[h.key] = parseField(texts[h.key] ?? '');
  return { experiment: experiment.id, hyperparameters, seed: parseField(texts[SEED_SPEC.key] ?? '') };
}

/** The same run from a terminal: only the flags that differ from the book's defaults. */
export function cliCommand(experiment: ExperimentSpec, texts: FieldTexts): string {
  const parts = [`d2l-workbench train ${experiment.id}`];
  for (const spec of formSpecs(experiment)) {
    const value = parseField(texts[spec.key] ?? '');
    if (Number.isFinite(value) && value !== spec.default) parts.push(`--${spec.flag} ${value}`);
  }
  return parts.join(' ');
}

/** A fresh seed in the allowed range, from the platform's random source. */
export function newSeed(random: () => number = Math.random): number {
  return Math.floor(random() * (SEED_SPEC.max + 1));
}

/** The form filled from a saved run's config (re-run, or open a run and change one setting). */
export function textsFromConfig(experiment: ExperimentSpec, config: { hyperparameters: Record<string, number>; seed: number }): FieldTexts {
  const texts = defaultTexts(experiment, config.seed);
  for (const h of experiment.hyperparameters) {
    const v = config.hyperparameters[h.key];
    if (v !== undefined) texts[h.key] = String(v);
  }
  return texts;
}

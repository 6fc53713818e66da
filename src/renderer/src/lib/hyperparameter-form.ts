// The experiment form as data: the text in each field, what it parses to and what is wrong with
// it. The checks are the catalog's own (valueProblem, validateTrainingRequest), so the form refuses
// exactly what the CLI and the server refuse; it says so in the UI's language, naming the field as
// the form labels it and echoing what the learner typed.
import type { Lang } from '../../../shared/api';
import { SEED_SPEC, seedSpecOf, valueProblem, type ExperimentSpec, type HyperparameterSpec } from '../../../shared/experiment-spec';
import { validateTrainingRequest, type Refusal, type TrainingRequest } from '../../../shared/training';
import { FALLBACK_INVOCATION, terminalCommand, type CliInvocation } from '../../../shared/terminal-command';
import { formatRange } from './catalog-view';
import { t } from './i18n';

export type FieldTexts = Record<string, string>;

/** Every field of an experiment's form, hyperparameters first, the seed last. */
export function formSpecs(experiment: ExperimentSpec): HyperparameterSpec[] {
  return [...experiment.hyperparameters, seedSpecOf(experiment)];
}

export function defaultTexts(experiment: ExperimentSpec, seed = seedSpecOf(experiment).default): FieldTexts {
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

/** What is wrong with one field's text, in `lang`, or null. */
export function fieldError(spec: HyperparameterSpec, text: string, lang: Lang): string | null {
  const vars = { field: spec.label[lang], text: text.trim(), range: formatRange(spec) };
  const value = parseField(text);
  if (Number.isNaN(value)) return t(lang, text.trim() === '' ? 'form.empty' : 'form.notNumber', vars);
  switch (valueProblem(spec, value)) {
    case null:
      return null;
    case 'not-finite':
      return t(lang, 'form.notNumber', vars);
    case 'not-whole':
      return t(lang, 'form.notWhole', vars);
    case 'out-of-range':
      return t(lang, 'form.outOfRange', vars);
  }
}

/** A whole-request refusal (batch size above the training set) worded for the form. */
function refusalText(experiment: ExperimentSpec, refusal: Refusal, texts: FieldTexts, lang: Lang): string {
  const field = formSpecs(experiment).find((s) => s.key === refusal.field);
  if (!field || !refusal.overTrainingSet) return refusal.message;
  const { size, sizeKey } = refusal.overTrainingSet;
  const sizeSpec = experiment.hyperparameters.find((h) => h.key === sizeKey);
  const limit = sizeSpec ? `${sizeSpec.label[lang]} (${size})` : t(lang, 'form.trainingSetSize', { size });
  return t(lang, 'form.overTrainingSet', { field: field.label[lang], limit, text: (texts[field.key] ?? '').trim() });
}

/**
 * One message per invalid field, in `lang`. Each field is checked alone first; when all pass, the
 * request is checked as a whole (batch size ≤ samples) and that message goes under the field it names.
 */
export function fieldErrors(experiment: ExperimentSpec, texts: FieldTexts, lang: Lang = 'en'): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const spec of formSpecs(experiment)) {
    const problem = fieldError(spec, texts[spec.key] ?? '', lang);
    if (problem) errors[spec.key] = problem;
  }
  if (Object.keys(errors).length > 0) return errors;
  const checked = validateTrainingRequest(toRequest(experiment, texts), [experiment]);
  if (!checked.ok) errors[checked.field ?? SEED_SPEC.key] = refusalText(experiment, checked, texts, lang);
  return errors;
}

export function toRequest(experiment: ExperimentSpec, texts: FieldTexts): TrainingRequest {
  const hyperparameters: Record<string, number> = {};
  for (const h of experiment.hyperparameters) hyperparameters[h.key] = parseField(texts[h.key] ?? '');
  return { experiment: experiment.id, hyperparameters, seed: parseField(texts[SEED_SPEC.key] ?? '') };
}

/**
 * The same run from a terminal, as this install runs its CLI (`inv`, from AppInfo): only the flags
 * that differ from the book's defaults, and the app's data folder so the run appears in the app.
 */
export function cliCommand(experiment: ExperimentSpec, texts: FieldTexts, inv: CliInvocation = FALLBACK_INVOCATION): string {
  const args = ['train', experiment.id];
  for (const spec of formSpecs(experiment)) {
    const value = parseField(texts[spec.key] ?? '');
    if (Number.isFinite(value) && value !== spec.default) args.push(`--${spec.flag}`, String(value));
  }
  return terminalCommand(inv, args, { dataDirFlag: true });
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

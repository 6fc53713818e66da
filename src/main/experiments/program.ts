// An experiment's PyTorch program: the book's code for the section (programs/<id>.py, imported as
// text by the experiment's definition) with its id and the run's hyperparameters written where its
// `# [hyperparameters]` line stands. The same text feeds the notes' ```program``` fence, the export panel's
// loading snippet and `export --format pytorch`, whose run.py is helpers + program + command line.
import type { Hyperparameters } from '../../shared/experiment-spec';
import { seedSpecOf } from '../../shared/experiment-spec';
import type { Experiment } from './define';
import HELPERS from './programs/prelude.py?raw';
import COMMAND_LINE from './programs/main.py?raw';

export { HELPERS as PROGRAM_HELPERS, COMMAND_LINE as PROGRAM_COMMAND_LINE };

/** Where a program's source asks for its hyperparameters: a line of its own, exactly once. */
const MARKER = '# [hyperparameters]';

/**
 * The book's Python names for the workbench's hyperparameter keys where snake_case is not the book's
 * (`lambda` is a Python keyword; the book writes `lambd`). Every other key is its snake_case.
 */
const BOOK_NAMES: Readonly<Record<string, string>> = {
  epochs: 'num_epochs',
  samples: 'num_examples',
  features: 'num_features',
  lambda: 'lambd',
};

/** The Python variable a program reads a hyperparameter (or `seed`) from. */
export function pythonNameOf(key: string): string {
  return BOOK_NAMES[key] ?? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** A number as Python source (JSON's forms are valid Python literals). */
function pythonNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`hyperparameter value ${x} is not a finite number`);
  return String(x);
}

/**
 * The experiment's program with these hyperparameters and seed (the spec's defaults where absent).
 * The source holds only the marker; the block is written from the spec, so a default lives in one
 * place and `python_name = value  # key` lines tie each value back to its hyperparameter.
 */
export function programFor(experiment: Experiment, hp: Partial<Hyperparameters> = {}, seed?: number): string {
  const { id } = experiment.spec;
  const source = experiment.program;
  if (source === undefined) throw new Error(`experiment ${id} declares no PyTorch program`);
  const lines = source.split('\n');
  const at = lines.indexOf(MARKER);
  if (at < 0 || lines.indexOf(MARKER, at + 1) >= 0) {
    throw new Error(`${id}: the program needs exactly one "${MARKER}" line, where the workbench writes the run's values`);
  }
  const assignments = experiment.spec.hyperparameters.map((h) => `${pythonNameOf(h.key)} = ${pythonNumber(hp[h.key] ?? h.default)}  # ${h.key}`);
  assignments.push(`seed = ${pythonNumber(seed ?? seedSpecOf(experiment.spec).default)}  # seed`);
  lines.splice(at, 1, `${MARKER} the workbench writes the run's values here`, `EXPERIMENT = '${id}'`, ...assignments, '# [/hyperparameters]');
  return lines.join('\n');
}

/** The whole runnable script (an export's run.py): the d2l helpers, the program, the command line. */
export function runScriptFor(experiment: Experiment, hp: Partial<Hyperparameters> = {}, seed?: number): string {
  return `${HELPERS.trimEnd()}\n\n\n# ---- the book's program ----\n${programFor(experiment, hp, seed).trimEnd()}\n${COMMAND_LINE}`;
}

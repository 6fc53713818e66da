// An experiment's PyTorch program: the book's code for the section (programs/<id>.py, imported as
// text by the experiment's definition) with the run's hyperparameters written into its
// `# [hyperparameters]` block. The same text feeds the notes' ```program``` fence, the export panel's
// loading snippet and `export --format pytorch`, whose run.py is helpers + program + command line.
import type { Hyperparameters } from '../../shared/experiment-spec';
import { seedSpecOf } from '../../shared/experiment-spec';
import type { Experiment } from './define';
import HELPERS from './programs/prelude.py?raw';
import COMMAND_LINE from './programs/main.py?raw';

export { HELPERS as PROGRAM_HELPERS, COMMAND_LINE as PROGRAM_COMMAND_LINE };

const BLOCK_START = '# [hyperparameters]';
const BLOCK_END = '# [/hyperparameters]';
/** `python_name = value  # hyperparameterKey` — the key is the spec's (or `seed`). */
const ASSIGNMENT = /^([A-Za-z_]\w*) = (\S+)  # (\w+)$/;

export interface ProgramAssignment {
  line: number;
  name: string;
  value: string;
  key: string;
}

/** The hyperparameter assignments of a program's block, in order; throws naming what is malformed. */
export function programAssignments(source: string, what = 'program'): ProgramAssignment[] {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.startsWith(BLOCK_START));
  const end = lines.findIndex((l) => l.startsWith(BLOCK_END));
  if (start < 0 || end < start) throw new Error(`${what}: no "${BLOCK_START}" … "${BLOCK_END}" block`);
  const out: ProgramAssignment[] = [];
  for (let i = start + 1; i < end; i++) {
    const m = ASSIGNMENT.exec(lines[i]!);
    if (!m) throw new Error(`${what} line ${i + 1}: expected "name = value  # key" in the hyperparameters block, got ${JSON.stringify(lines[i])}`);
    out.push({ line: i, name: m[1]!, value: m[2]!, key: m[3]! });
  }
  return out;
}

/** A number as Python source (JSON's forms are valid Python literals). */
function pythonNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`hyperparameter value ${x} is not a finite number`);
  return String(x);
}

/** The experiment's program with these hyperparameters and seed (the spec's defaults where absent). */
export function programFor(experiment: Experiment, hp: Partial<Hyperparameters> = {}, seed?: number): string {
  const source = experiment.program;
  if (source === undefined) throw new Error(`experiment ${experiment.spec.id} declares no PyTorch program`);
  const values: Record<string, number> = { seed: seed ?? seedSpecOf(experiment.spec).default };
  for (const h of experiment.spec.hyperparameters) values[h.key] = hp[h.key] ?? h.default;
  const lines = source.split('\n');
  for (const a of programAssignments(source, experiment.spec.id)) {
    const v = values[a.key];
    if (v === undefined) throw new Error(`${experiment.spec.id}: the program sets ${a.name} from "${a.key}", which is not a hyperparameter`);
    lines[a.line] = `${a.name} = ${pythonNumber(v)}  # ${a.key}`;
  }
  return lines.join('\n');
}

/** The whole runnable script (an export's run.py): the d2l helpers, the program, the command line. */
export function runScriptFor(experiment: Experiment, hp: Partial<Hyperparameters> = {}, seed?: number): string {
  return `${HELPERS.trimEnd()}\n\n\n# ---- the book's program ----\n${programFor(experiment, hp, seed).trimEnd()}\n${COMMAND_LINE}`;
}

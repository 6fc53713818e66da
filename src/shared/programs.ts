// An experiment's PyTorch program and a run exported as a PyTorch project, as the contract carries
// them (experiments.program, runs.exportProject).
import * as v from 'valibot';

export interface ExperimentProgram {
  experiment: string;
  /** The book's program for the section with the asked-for hyperparameters (the defaults otherwise). */
  program: string;
  /** The d2l helpers it calls (load_array, load_data_fashion_mnist, train_ch3, …). */
  helpers: string;
  /** The command line an export appends: evaluate, --train, --workers. */
  commandLine: string;
}

export interface ExperimentProgramRequest {
  experiment: string;
  hyperparameters?: Record<string, number>;
  seed?: number;
}

export interface PytorchProjectInfo {
  dir: string;
  files: Array<{ name: string; bytes: number }>;
  /** What run.py prints in its last line besides the experiment: loss, test_acc or max_abs_error. */
  metric: string;
  command: string;
}

const finite = v.pipe(v.number(), v.finite('hyperparameter values must be finite numbers'));

export const experimentProgramRequestSchema = v.strictObject({
  experiment: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'experiment ids are 1–64 of a-z, 0-9 and "-"')),
  hyperparameters: v.optional(v.pipe(
    v.record(v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'hyperparameter names are letters and digits')), finite),
    v.maxEntries(32),
  )),
  seed: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 31 - 1))),
});

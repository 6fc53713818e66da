// What each command accepts, as `--help` prints it. Kept apart from the commands so that `--help`
// can print them without loading any command (the web server, the run store, the exporters).
import { EXPORT_FORMATS } from '../../shared/export-formats';
import type { Catalog } from '../experiments/catalog';

export const TRAIN_USAGE =
  'd2l-workbench train <experiment> [--<hyperparameter> VALUE …] [--seed N] [--backend auto|native|wasm|ts]\n' +
  '                    [--data-dir DIR] [--no-save] [--json]';
export const STEP_USAGE =
  'd2l-workbench step <experiment> [--steps N] [--seed N] [--<hyperparameter> VALUE …] [--backend …] [--data-dir DIR] [--json]';
export const EXPERIMENTS_USAGE = 'd2l-workbench experiments [--json]';
export const RUNS_USAGE =
  'd2l-workbench runs [list] [--json] | show ID [--json] | delete ID | import FILE | bundle ID --out FILE  [--data-dir DIR]';
/** What `export --format` accepts: the file formats, and `pytorch` for a project folder. */
export const CLI_FORMATS = [...EXPORT_FORMATS, 'pytorch'] as const;
export const EXPORT_USAGE = `d2l-workbench export ID --format ${CLI_FORMATS.join('|')} [--out FILE|DIR] [--data-dir DIR] [--json]`;
export const NOTES_USAGE = 'd2l-workbench notes [list] | show ID | import FILE [--replace] | export ID [--out FILE] | delete ID  [--lang zh|en] [--json] [--data-dir DIR]';
export const SERVE_USAGE = 'd2l-workbench serve [--port N] [--data-dir DIR] [--verbose]';
export const BENCH_USAGE = 'd2l-workbench bench [--json] [--quick] [--startup]';

/** Every hyperparameter flag any experiment takes, read as text and checked once the experiment is known. */
export function hyperparameterFlags(catalog: Catalog): string[] {
  return [...new Set(catalog.specs.flatMap((e) => e.hyperparameters.map((h) => h.flag)))];
}

/**
 * The lines under `train` in --help. With the catalog (`train --help`): every hyperparameter flag
 * its experiments take. Without (plain `--help`, which must not load the engine the experiments
 * are written in): where to find them.
 */
export function trainHelp(catalog?: Catalog): string {
  const flags = catalog
    ? `  Hyperparameter flags: ${hyperparameterFlags(catalog).map((f) => `--${f}`).join(' ')}\n` +
      '  (which ones an experiment takes, with defaults and ranges: `d2l-workbench experiments`).\n'
    : '  Hyperparameter flags: `d2l-workbench train --help` lists them all; `d2l-workbench experiments`\n' +
      '  shows which ones each experiment takes, with defaults and ranges.\n';
  return `${flags}  Every run is saved in the data directory (see \`runs\`); --no-save skips that.`;
}

// `d2l-workbench --help`. Plain `--help` loads neither the catalog nor the engine; `train --help`
// and `experiments --help` pass the catalog, and the help lists every hyperparameter flag.
import { VERSION } from '../version';
import type { Catalog } from '../experiments/catalog';
import {
  BENCH_USAGE, EXPERIMENTS_USAGE, EXPORT_USAGE, NOTES_USAGE, RUNS_USAGE, SERVE_USAGE, STEP_USAGE, TRAIN_USAGE, trainHelp,
} from './usage';

export const helpText = (catalog?: Catalog): string => `d2l-workbench ${VERSION} — a workbench for Dive into Deep Learning (PyTorch edition)

Usage:
  ${TRAIN_USAGE}
${trainHelp(catalog)}
  ${STEP_USAGE}
  ${EXPERIMENTS_USAGE}
  ${RUNS_USAGE}
  ${EXPORT_USAGE}
  ${NOTES_USAGE}
  ${SERVE_USAGE}
  ${BENCH_USAGE}
  d2l-workbench --help | --version

Data directory: --data-dir DIR, else $D2L_WORKBENCH_DATA, else ~/.config/d2l-workbench.
Engine backend: --backend where a command takes it, or WORKBENCH_BACKEND=auto|native|wasm|ts.
`;

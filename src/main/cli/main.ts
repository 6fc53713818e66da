// Routes `d2l-workbench <command> …` to its command module. Usage errors print one line and
// exit 2; other failures print the message and exit 1.
import { VERSION } from '../version';
import { UsageError } from './args';
import { experimentsCommand, EXPERIMENTS_USAGE } from './experiments';
import { serveCommand, SERVE_USAGE } from './serve';
import { benchCommand, BENCH_USAGE } from './bench';
import { trainCommand, trainHelp, TRAIN_USAGE } from './train';
import { runsCommand, RUNS_USAGE } from './runs';
import { exportCommand, EXPORT_USAGE } from './export';
import { notesCommand, NOTES_USAGE } from './notes';
import { stepCommand, STEP_USAGE } from './step';
import type { CliIo } from './io';
import { CATALOG, type Catalog } from '../experiments/catalog';

export const helpText = (catalog: Catalog): string => `d2l-workbench ${VERSION} — a workbench for Dive into Deep Learning (PyTorch edition)

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

/** Commands that list or train experiments read them from `catalog` (tests pass their own). */
type Command = (argv: readonly string[], io: CliIo, catalog: Catalog) => number | Promise<number>;

const COMMANDS: Record<string, Command> = {
  experiments: experimentsCommand,
  serve: serveCommand,
  bench: benchCommand,
  train: trainCommand,
  step: stepCommand,
  runs: runsCommand,
  export: exportCommand,
  notes: notesCommand,
};

export async function runCli(argv: readonly string[], io: CliIo, catalog: Catalog = CATALOG): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(helpText(catalog));
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!command) {
    io.err(`d2l-workbench: unknown command "${first}"; commands: ${Object.keys(COMMANDS).join(', ')} (see --help)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(helpText(catalog));
    return 0;
  }
  try {
    return await command(rest, io, catalog);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`d2l-workbench ${first}: ${err.message}\n`);
      return 2;
    }
    io.err(`d2l-workbench ${first}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

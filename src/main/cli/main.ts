// Routes `d2l-workbench <command> …` to its command module. Arguments are read first and only the
// chosen command's module is loaded (`--version` loads nothing else; the engine and the catalog of
// experiments load only for the commands that use them). Failures print one line and exit with the
// code for their kind (exit-codes.ts: 2 usage, 3 not found, 4 bad data, 1 anything else).
import { VERSION } from '../version';
import { reportCliError } from './exit-codes';
import { didYouMean } from './did-you-mean';
import type { CliIo } from './io';
import type { Catalog } from '../experiments/catalog';

/** Commands that list or train experiments read them from `catalog` (tests pass their own). */
type Command = (argv: readonly string[], io: CliIo, catalog: () => Promise<Catalog>) => number | Promise<number>;

const needsCatalog = (run: (argv: readonly string[], io: CliIo, catalog: Catalog) => number | Promise<number>): Command =>
  async (argv, io, catalog) => run(argv, io, await catalog());

const COMMANDS: Record<string, () => Promise<Command>> = {
  experiments: async () => needsCatalog((await import('./experiments')).experimentsCommand),
  serve: async () => (await import('./serve')).serveCommand,
  bench: async () => (await import('./bench')).benchCommand,
  train: async () => needsCatalog((await import('./train')).trainCommand),
  runs: async () => (await import('./runs')).runsCommand,
  export: async () => (await import('./export')).exportCommand,
  notes: async () => (await import('./notes')).notesCommand,
  step: async () => needsCatalog((await import('./step')).stepCommand),
};

const defaultCatalog = async (): Promise<Catalog> => (await import('../experiments/catalog')).CATALOG;

/** The catalog (and with it the engine) loads only for the help of the commands that train or list experiments. */
async function printHelp(io: CliIo, catalog?: () => Promise<Catalog>): Promise<number> {
  const [{ helpText }, cat] = await Promise.all([import('./help'), catalog?.()]);
  io.out(helpText(cat));
  return 0;
}

const HELP_WITH_CATALOG = new Set(['train', 'step', 'experiments']);

export async function runCli(argv: readonly string[], io: CliIo, catalog?: Catalog): Promise<number> {
  const getCatalog = catalog ? async () => catalog : defaultCatalog;
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return printHelp(io);
  if (first === '--version' || first === '-v') {
    io.out(`${VERSION}\n`);
    return 0;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!load) {
    io.err(`d2l-workbench: unknown command "${first}"${didYouMean(first, Object.keys(COMMANDS))}; commands: ${Object.keys(COMMANDS).join(', ')} (see --help)\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) return printHelp(io, HELP_WITH_CATALOG.has(first) ? getCatalog : undefined);
  try {
    return await (await load())(rest, io, getCatalog);
  } catch (err) {
    return reportCliError(first, err, (text) => io.err(text));
  }
}

// `d2l-workbench train <experiment>`: trains in this process and prints what the book prints
// (`epoch 1, loss 0.000248`, then e(w), e(b)), or one JSON object with --json.
import { EXPERIMENTS, SEED_SPEC, findExperiment } from '../../shared/catalog';
import type { ActivationCurves, DatasetView, EpochMetrics, TrainingConfig, TrainingSummary } from '../../shared/training';
import { RunStore } from '../services/runs/store';
import { trainingRecorder } from '../services/runs/record-training';
import { validateTrainingRequest } from '../../shared/training';
import { resolveDataDir } from '../data-dir';
import { setBackend, type BackendChoice } from '../engine';
import { configureDatasets } from '../services/datasets';
import { currentBackendLabel, newRunId, runExperiment } from '../services/training';
import { UsageError, expectPositionals, parseArgs, type FlagSpecs } from './args';
import type { CliIo } from './io';

export const TRAIN_USAGE =
  'd2l-workbench train <experiment> [--epochs N] [--lr X] [--batch-size N] [--samples N] [--features N] [--lambda X]\n' +
  '                    [--dropout1 P] [--dropout2 P] [--seed N] [--backend auto|native|wasm|ts] [--data-dir DIR]\n' +
  '                    [--no-save] [--json]';

export const TRAIN_HELP =
  '  Every run is saved in the data directory (see `runs`); --no-save skips that.';

/** Every hyperparameter flag any experiment takes, read as text and checked once the experiment is known. */
const HYPERPARAMETER_FLAGS = [...new Set(EXPERIMENTS.flatMap((e) => e.hyperparameters.map((h) => h.flag)))];

const FLAGS: FlagSpecs = {
  ...Object.fromEntries(HYPERPARAMETER_FLAGS.map((f) => [f, { kind: 'string' } as const])),
  seed: { kind: 'string' },
  backend: { kind: 'string', allowed: ['auto', 'native', 'wasm', 'ts'] },
  'data-dir': { kind: 'string' },
  save: { kind: 'boolean' },
  json: { kind: 'boolean' },
};

/** The book prints every epoch for linear regression and plots every 20th (4.4) or 5th (4.5). */
const PRINT_EVERY: Record<string, number> = { polyfit: 20, 'weight-decay': 5 };

const EXIT_FOR_STATUS: Record<TrainingSummary['status'], number> = { completed: 0, cancelled: 130, diverged: 1, failed: 1 };

/** Python's f'{x:f}'. */
export function f6(x: number): string {
  return x.toFixed(6);
}

/** A short, readable vector: fixed when the magnitudes allow it, else scientific like torch. */
export function formatVector(xs: readonly number[]): string {
  const fixed = xs.every((x) => x === 0 || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6));
  // Exponents with two digits at least, as Python and torch print them: 8.2970e-05.
  const sci = (x: number): string => x.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  return `[${xs.map((x) => (fixed ? x.toFixed(4) : sci(x))).join(', ')}]`;
}

export function epochLine(m: EpochMetrics): string {
  if (m.trainAccuracy !== undefined || m.testAccuracy !== undefined) {
    // Classifiers (3.6+): the book's train_ch3 trio.
    const train = m.trainAccuracy === undefined ? '' : `, train acc ${m.trainAccuracy.toFixed(3)}`;
    const test = m.testAccuracy === undefined ? '' : `, test acc ${m.testAccuracy.toFixed(3)}`;
    return `epoch ${m.epoch}, loss ${m.loss.toFixed(4)}${train}${test}`;
  }
  if (m.testLoss === undefined) return `epoch ${m.epoch}, loss ${f6(m.loss)}`;
  const norm = m.weightNorm === undefined ? '' : `, ‖w‖ ${f6(m.weightNorm)}`;
  return `epoch ${m.epoch}, train loss ${f6(m.loss)}, test loss ${f6(m.testLoss)}${norm}`;
}

/** Turns the flags into a validated config; every problem is a UsageError naming the flag. */
export function configFromArgs(experimentId: string, flags: Record<string, unknown>): TrainingConfig {
  const spec = findExperiment(experimentId);
  if (!spec) throw new UsageError(`unknown experiment "${experimentId}"; known: ${EXPERIMENTS.map((e) => e.id).join(', ')}`);
  const own = new Map(spec.hyperparameters.map((h) => [h.flag, h]));
  const hyperparameters: Record<string, number> = {};
  for (const flag of HYPERPARAMETER_FLAGS) {
    const raw = flags[flag];
    if (raw === undefined) continue;
    const h = own.get(flag);
    if (!h) {
      const allowed = [...own.keys(), SEED_SPEC.flag].map((f) => `--${f}`).join(', ');
      throw new UsageError(`--${flag} does not apply to ${spec.id}; its flags: ${allowed}`);
    }
    hyperparameters[h.key] = toNumber(raw as string);
  }
  const request = { experiment: spec.id, hyperparameters, ...(flags.seed === undefined ? {} : { seed: toNumber(flags.seed as string) }) };
  const checked = validateTrainingRequest(request);
  if (!checked.ok) throw new UsageError(checked.message);
  return checked.config;
}

function toNumber(raw: string): number {
  return raw.trim() === '' ? Number.NaN : Number(raw);
}

export async function trainCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, FLAGS);
  const [experimentId] = expectPositionals(parsed, 1, 1, TRAIN_USAGE.replace(/\s+/g, ' '));
  const config = configFromArgs(experimentId!, parsed.flags);
  const json = Boolean(parsed.flags.json);
  const dataDir = resolveDataDir(parsed.flags['data-dir'] as string | undefined);
  // Experiments read Fashion-MNIST from the same data directory the run is saved in.
  configureDatasets({ dataDir });
  const save = parsed.flags.save !== false;
  setBackend((parsed.flags.backend as BackendChoice | undefined) ?? 'auto');
  const backend = currentBackendLabel();
  const runId = newRunId();
  if (!json) io.out(`backend: ${backend.label}\n`);

  const every = PRINT_EVERY[config.experiment] ?? 1;
  // 4.1 has no epochs: it only computes its curves.
  const epochs = config.hyperparameters.epochs ?? 0;
  const bar = io.isTTY ? progressBar(io, config.experiment) : undefined;
  let dataset: DatasetView | undefined;
  const summary = runExperiment(config, {
    dataset: (view) => {
      dataset = view;
    },
    begin: ({ totalSteps }) => bar?.start(totalSteps, epochs),
    step: (step, loss) => bar?.update(step, loss),
    epoch: (m) => {
      bar?.epoch(m.epoch);
      if (json) return;
      if (m.epoch === 1 || m.epoch % every === 0 || m.epoch === epochs) {
        bar?.clear();
        io.out(`${epochLine(m)}\n`);
      }
    },
  });
  bar?.clear();

  // Results are printed whether or not the save works: a full disk must not cost the numbers.
  let saveError: string | undefined;
  if (save) {
    try {
      await trainingRecorder(new RunStore(dataDir))({ runId, summary }, dataset);
    } catch (err) {
      saveError = `the run could not be saved in ${dataDir}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const savedNote = !save ? 'not saved (--no-save)' : saveError ? 'NOT saved' : `saved in ${dataDir}`;
  if (json) {
    const report = jsonReport(runId, summary);
    (report.run as Record<string, unknown>).saved = save && !saveError;
    if (saveError) (report.run as Record<string, unknown>).saveError = saveError;
    io.out(`${JSON.stringify(report)}\n`);
  } else {
    // A diverged or failed run's parameters are not worth reading; its message says why.
    if (summary.status === 'completed' || summary.status === 'cancelled') printResult(io, summary);
    io.err(`run ${runId}: ${summary.status} in ${Math.round(summary.timing.trainMs)} ms, ${savedNote}\n`);
  }
  if (saveError) io.err(`d2l-workbench train: ${saveError}\n`);
  if (summary.status !== 'completed' && summary.message) io.err(`d2l-workbench train: ${summary.message}\n`);
  const code = EXIT_FOR_STATUS[summary.status];
  return saveError && code === 0 ? 1 : code;
}

function printResult(io: CliIo, s: TrainingSummary): void {
  if (s.errors) {
    io.out(`e(w) ${formatVector(s.errors.w)}\n`);
    io.out(`e(b) ${formatVector(s.errors.b)}\n`);
  } else if (s.config.experiment === 'polyfit' && s.params['0.weight']) {
    io.out(`weight: ${formatVector(s.params['0.weight'].data)}\n`);
  } else if (s.config.experiment === 'weight-decay' && s.epochs.length > 0) {
    io.out(`L2 norm of w: ${f6(s.epochs[s.epochs.length - 1]!.weightNorm!)}\n`);
  } else if (s.activations) {
    io.out(activationTable(s.activations));
  }
}

/** x values the 4.1 table shows: the tails, the kink of relu at 0 and a few points between. */
const TABLE_X = [-8, -4, -2, -1, -0.5, 0, 0.5, 1, 2, 4, 8];

/** A readable slice of 4.1's curves: each function and its autograd derivative at a few x. */
export function activationTable(a: ActivationCurves): string {
  const names = a.curves.map((c) => c.name);
  const header = ['x', ...names.flatMap((n) => [n, `d${n}/dx`])];
  const rows: string[][] = [];
  for (const x of TABLE_X) {
    // The nearest sampled x (the grid has 0.1 spacing, so these are exact samples).
    let best = 0;
    for (let i = 1; i < a.x.length; i++) if (Math.abs(a.x[i]! - x) < Math.abs(a.x[best]! - x)) best = i;
    if (a.x.length === 0) break;
    rows.push([a.x[best]!.toFixed(1), ...a.curves.flatMap((c) => [c.y[best]!.toFixed(4), c.grad[best]!.toFixed(4)])]);
  }
  const widths = header.map((h, col) => Math.max(h.length, ...rows.map((r) => r[col]!.length)));
  const line = (cells: string[]): string => cells.map((c, col) => c.padStart(widths[col]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

export function jsonReport(runId: string, s: TrainingSummary): Record<string, unknown> {
  const run: Record<string, unknown> = { id: runId, status: s.status };
  if (s.message !== undefined) run.message = s.message;
  const report: Record<string, unknown> = {
    run, experiment: s.experiment, config: s.config, backend: s.backend, epochs: s.epochs, params: s.params,
    timing: s.timing, stepLosses: s.stepLosses,
  };
  if (s.truth) report.truth = s.truth;
  if (s.errors) report.errors = s.errors;
  if (s.classification) report.classification = s.classification;
  if (s.activations) report.activations = s.activations;
  return report;
}

// A one-line progress bar on stderr (only when stderr is a terminal), redrawn at most 10 times a
// second so drawing never costs more than the training it reports.
const WIDTH = 24;
const REDRAW_MS = 100;

export interface ProgressBar {
  start(totalSteps: number, epochs: number): void;
  update(step: number, loss: number): void;
  epoch(done: number): void;
  /** Erases the bar so a normal line can be printed. */
  clear(): void;
}

export function progressBar(io: CliIo, label: string, now: () => number = () => performance.now()): ProgressBar {
  let total = 1;
  let epochs = 1;
  let epochsDone = 0;
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  const draw = (step: number, loss: number): void => {
    const frac = Math.min(1, step / total);
    const filled = Math.round(frac * WIDTH);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
    io.err(`\r${label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% epoch ${Math.min(epochsDone + 1, epochs)}/${epochs} loss ${loss.toPrecision(4)}\x1b[K`);
    shown = true;
  };
  return {
    start(totalSteps, e) {
      total = Math.max(1, totalSteps);
      epochs = e;
    },
    update(step, loss) {
      const t = now();
      if (t - last < REDRAW_MS && step < total) return;
      last = t;
      draw(step, loss);
    },
    epoch(done) {
      epochsDone = done;
    },
    clear() {
      if (shown) io.err('\r\x1b[K');
      shown = false;
    },
  };
}

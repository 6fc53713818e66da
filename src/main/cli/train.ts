// `d2l-workbench train <experiment>`: trains in this process and prints what the book prints
// (`epoch 1, loss 0.000248`, then e(w), e(b)), or one JSON object with --json.
import { SEED_SPEC } from '../../shared/experiment-spec';
import type { DatasetView, EpochMetrics, TrainingConfig, TrainingSummary } from '../../shared/training';
import { RunStore } from '../services/runs/store';
import { trainingRecorder } from '../services/runs/record-training';
import { validateTrainingRequest } from '../../shared/training';
import { resolveDataDir } from '../data-dir';
import { setBackend, type BackendChoice } from '../engine';
import { configureDatasets } from '../services/datasets';
import { currentBackendLabel, newRunId, runExperiment } from '../services/training';
import { UsageError, expectPositionals, parseArgs, type FlagSpecs } from './args';
import type { CliIo } from './io';
import type { Catalog } from '../experiments/catalog';
import { f6 } from '../experiments/print';

export const TRAIN_USAGE =
  'd2l-workbench train <experiment> [--<hyperparameter> VALUE …] [--seed N] [--backend auto|native|wasm|ts]\n' +
  '                    [--data-dir DIR] [--no-save] [--json]';

/** The lines under `train` in --help: every hyperparameter flag the catalog's experiments take. */
export function trainHelp(catalog: Catalog): string {
  const flags = hyperparameterFlags(catalog).map((f) => `--${f}`).join(' ');
  return `  Hyperparameter flags: ${flags}\n` +
    '  (which ones an experiment takes, with defaults and ranges: `d2l-workbench experiments`).\n' +
    '  Every run is saved in the data directory (see `runs`); --no-save skips that.';
}

/** Every hyperparameter flag any experiment takes, read as text and checked once the experiment is known. */
export function hyperparameterFlags(catalog: Catalog): string[] {
  return [...new Set(catalog.specs.flatMap((e) => e.hyperparameters.map((h) => h.flag)))];
}

function trainFlags(catalog: Catalog): FlagSpecs {
  return {
    ...Object.fromEntries(hyperparameterFlags(catalog).map((f) => [f, { kind: 'string' } as const])),
    seed: { kind: 'string' },
    backend: { kind: 'string', allowed: ['auto', 'native', 'wasm', 'ts'] },
    'data-dir': { kind: 'string' },
    save: { kind: 'boolean' },
    json: { kind: 'boolean' },
  };
}

const EXIT_FOR_STATUS: Record<TrainingSummary['status'], number> = { completed: 0, cancelled: 130, diverged: 1, failed: 1 };

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
export function configFromArgs(experimentId: string, flags: Record<string, unknown>, catalog: Catalog): TrainingConfig {
  const spec = catalog.get(experimentId)?.spec;
  if (!spec) throw new UsageError(`unknown experiment "${experimentId}"; known: ${catalog.specs.map((e) => e.id).join(', ')}`);
  const own = new Map(spec.hyperparameters.map((h) => [h.flag, h]));
  const hyperparameters: Record<string, number> = {};
  for (const flag of hyperparameterFlags(catalog)) {
    const raw = flags[flag];
    if (raw === undefined) continue;
    const h = own.get(flag);
    if (!h) {
      const allowed = [...own.keys(), SEED_SPEC.flag].map((f) => `--${f}`).join(', ');
      throw new UsageError(`--${flag} does not apply to ${spec.id}; its flags: ${allowed}`);
    }
    hyperparameters[h.key] = toNumber(flag, raw as string);
  }
  const request = { experiment: spec.id, hyperparameters, ...(flags.seed === undefined ? {} : { seed: toNumber(SEED_SPEC.flag, flags.seed as string) }) };
  const checked = validateTrainingRequest(request, catalog.specs);
  if (!checked.ok) throw new UsageError(checked.message);
  return checked.config;
}

/** The flag's text as a number; text that is not one is refused with the text itself. */
function toNumber(flag: string, raw: string): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (Number.isNaN(value)) throw new UsageError(`--${flag} ${raw.trim() === "" ? "\"\"" : raw}: not a number`);
  return value;
}

export async function trainCommand(argv: readonly string[], io: CliIo, catalog: Catalog): Promise<number> {
  const parsed = parseArgs(argv, trainFlags(catalog));
  const [experimentId] = expectPositionals(parsed, 1, 1, TRAIN_USAGE.replace(/\s+/g, ' '));
  const config = configFromArgs(experimentId!, parsed.flags, catalog);
  const experiment = catalog.get(config.experiment)!;
  const json = Boolean(parsed.flags.json);
  const dataDir = resolveDataDir(parsed.flags['data-dir'] as string | undefined);
  // Experiments read Fashion-MNIST from the same data directory the run is saved in.
  configureDatasets({ dataDir });
  const save = parsed.flags.save !== false;
  setBackend((parsed.flags.backend as BackendChoice | undefined) ?? 'auto');
  const backend = currentBackendLabel();
  const runId = newRunId();
  if (!json) io.out(`backend: ${backend.label}\n`);

  const every = experiment.cli?.printEvery ?? 1;
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
  }, undefined, catalog);
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
    if (summary.status === 'completed' || summary.status === 'cancelled') io.out(experiment.cli?.result?.(summary) ?? '');
    io.err(`run ${runId}: ${summary.status} in ${Math.round(summary.timing.trainMs)} ms, ${savedNote}\n`);
  }
  if (saveError) io.err(`d2l-workbench train: ${saveError}\n`);
  if (summary.status !== 'completed' && summary.message) io.err(`d2l-workbench train: ${summary.message}\n`);
  const code = EXIT_FOR_STATUS[summary.status];
  return saveError && code === 0 ? 1 : code;
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

// A saved run as a PyTorch project: a folder with run.py (the d2l helpers, the experiment's book
// program with the run's hyperparameters, and a command line that evaluates, retrains or trains
// data-parallel), params.npz (the trained state_dict), data.npz (the synthetic data the run trained
// on, regenerated from its seed) and a README. Every file is written in pieces under a temp name and
// renamed into place, within the export-file budget, like the single-file exports.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_LIMITS, type RunRecord } from '../../../shared/runs';
import { writeChunksAtomically } from '../../files/atomic';
import { Generator } from '../../engine';
import { CATALOG, type Catalog } from '../../experiments/catalog';
import type { Experiment } from '../../experiments/define';
import { runScriptFor } from '../../experiments/program';
import { SYSTEM_FASHION_DIR } from '../datasets';
import type { RunStore } from '../runs/store';
import { ticker, tooLarge } from './budget';
import { exportLowerBound } from './export-run';
import { npzParts } from './npz';
import { elementCount, type NamedParams } from './tensors';

export interface ProjectFile {
  name: string;
  bytes: number;
}

export interface PytorchProject {
  dir: string;
  files: ProjectFile[];
  /** What the program prints as its last line: `{"experiment", <metric>}`. */
  metric: string;
  /** The shell command that evaluates the exported weights. */
  command: string;
}

/** Where the project goes when no folder is named: `<dataDir>/exports/<id>-pytorch`. */
export function defaultProjectDir(store: RunStore, id: string): string {
  return join(store.dataDir, 'exports', `${id}-pytorch`);
}

/** The metric a program reports (`METRIC = 'loss'`): loss, test_acc or max_abs_error. */
export function programMetric(program: string): string {
  const m = /^METRIC = '(\w+)'$/m.exec(program);
  if (!m) throw new Error('the program does not declare METRIC = \'…\'');
  return m[1]!;
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function experimentOf(record: RunRecord, catalog: Catalog): Experiment {
  const experiment = catalog.get(record.experiment);
  if (!experiment) throw new Error(`run ${record.id} is of experiment "${record.experiment}", which this workbench does not have`);
  if (experiment.program === undefined) throw new Error(`experiment ${record.experiment} declares no PyTorch program to export`);
  return experiment;
}

function readme(record: RunRecord, metric: string, files: readonly string[], fashionArg: string): string {
  const hp = Object.entries(record.config.hyperparameters).map(([k, v]) => `${k}=${v}`).join(', ');
  const what = metric === 'test_acc'
    ? 'the test accuracy on Fashion-MNIST, as the workbench reported it after the last epoch'
    : metric === 'loss'
      ? 'the loss on the run\'s data (data.npz), as the workbench reported it after the last epoch'
      : 'the largest difference between PyTorch\'s outputs (4.1\'s curves, 6.3–6.5\'s convolutions and pooling) and the workbench\'s (data.npz)';
  return `# ${record.experiment} (section ${record.section}) — run ${record.id}, as a PyTorch project

Exported by d2l-workbench. Hyperparameters: ${hp || 'none'}; seed ${record.config.seed}.

Files: ${files.join(', ')}. Needs only Python 3 with torch and numpy.

    python3 run.py${fashionArg}
        loads params.npz into the book's module and evaluates it; the last line is one JSON object
        {"experiment": "${record.experiment}", "${metric}": …}: ${what}.

    python3 run.py --train [--epochs N] [--device cuda]${fashionArg}
        retrains in PyTorch with the run's hyperparameters, printing the book's epoch lines.

    python3 run.py --train --workers N${fashionArg}
        trains data-parallel with DistributedDataParallel: N processes started with
        torch.multiprocessing.spawn on 127.0.0.1 (gloo on CPU, nccl on GPUs). Under torchrun or a
        cluster launcher that sets RANK, WORLD_SIZE, MASTER_ADDR and MASTER_PORT, the same script joins
        that group instead. (Debian's torchrun 1.13 crashes on Python 3.11; spawn works.)
${metric === 'test_acc' ? `
Fashion-MNIST is read from the four IDX files (gzipped or not) in --data DIR, by default
${SYSTEM_FASHION_DIR} (Debian: apt install dataset-fashion-mnist).
` : ''}`;
}

/**
 * Writes the run's PyTorch project into `outDir` (default `<dataDir>/exports/<id>-pytorch`).
 * `fashionDir` is where the workbench read Fashion-MNIST, put in the command when it is not the default.
 */
export async function exportPytorchProject(
  store: RunStore, id: string, outDir?: string, opts: { catalog?: Catalog; fashionDir?: string; limit?: number } = {},
): Promise<PytorchProject> {
  const record = await store.get(id);
  const experiment = experimentOf(record, opts.catalog ?? CATALOG);
  const limit = opts.limit ?? RUN_LIMITS.exportFileBytes;
  const what = `the PyTorch export of run ${id}`;
  const budget = { limitWhat: 'an export file may hold' };
  const { hyperparameters, seed } = record.config;
  const script = runScriptFor(experiment, hyperparameters, seed);
  const metric = programMetric(script);
  const dir = outDir ?? defaultProjectDir(store, id);

  const outputs: Array<[string, () => Promise<Iterable<Uint8Array>>]> = [];
  if (record.params.length > 0) {
    const lower = exportLowerBound(record, 'npz');
    if (lower > limit) throw tooLarge(`${what} (params.npz)`, lower, limit, budget);
    outputs.push(['params.npz', async () => npzParts((await store.getParams(id)).tensors)]);
  } else if (metric !== 'max_abs_error') {
    throw new Error(`run ${id} has no saved parameters to export (status ${record.status})`);
  }
  if (experiment.runData) {
    const drawn = experiment.runData(hyperparameters, new Generator(seed));
    const tensors: NamedParams = {};
    let size = 0;
    for (const [name, t] of Object.entries(drawn)) {
      tensors[name] = { shape: t.shape, data: t.values };
      size += elementCount(t.shape) * 4;
    }
    if (size > limit) throw tooLarge(`${what} (data.npz)`, size, limit, budget);
    outputs.push(['data.npz', () => Promise.resolve(npzParts(tensors))]);
  }
  const fashionArg = metric === 'test_acc' && opts.fashionDir && opts.fashionDir !== SYSTEM_FASHION_DIR ? ` --data ${shellQuote(opts.fashionDir)}` : '';
  const names = ['run.py', ...outputs.map(([n]) => n), 'README.md'];
  const encoder = new TextEncoder();
  outputs.unshift(['run.py', () => Promise.resolve([encoder.encode(script)])]);
  outputs.push(['README.md', () => Promise.resolve([encoder.encode(readme(record, metric, names, fashionArg))])]);

  await mkdir(dir, { recursive: true });
  const files: ProjectFile[] = [];
  for (const [name, chunks] of outputs) {
    const bytes = await writeChunksAtomically(join(dir, name), await chunks(), {
      maxBytes: limit, tooLarge: (size) => tooLarge(`${what} (${name})`, size, limit, budget), between: ticker(),
    });
    files.push({ name, bytes });
  }
  return { dir, files, metric, command: `cd ${shellQuote(dir)} && python3 run.py${fashionArg}` };
}

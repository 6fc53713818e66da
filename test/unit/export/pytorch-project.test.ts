// Every experiment's PyTorch program, end to end: train a short run in the workbench, export it with
// `export ID --format pytorch`, run the exported run.py under PyTorch 1.13 (/usr/bin/python3) and
// compare its metric with the workbench's final one; then `--train --epochs 1` (the program runs in
// PyTorch), and once `--train --workers 2` (two gloo processes on 127.0.0.1). Fashion-MNIST is a
// slice of the real files (first 2,000 training and 2,000 test images) so each run takes seconds.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/main';
import { CATALOG } from '../../../src/main/experiments/catalog';
import { programMetric } from '../../../src/main/services/export/pytorch-project';
import { clearDatasetMemory, configureDatasets, SYSTEM_FASHION_DIR } from '../../../src/main/services/datasets';
import { capturedIo } from '../helpers/cli-io';

const PYTHON = '/usr/bin/python3';
const TRAIN_IMAGES = 2000;
const TEST_IMAGES = 2000;

function missingPrerequisite(): string | undefined {
  if (!existsSync(PYTHON)) return `${PYTHON} is absent`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${PYTHON} cannot import torch and numpy (${probe.stderr.trim().split('\n').at(-1)})`;
  if (!existsSync(join(SYSTEM_FASHION_DIR, 'train-images-idx3-ubyte.gz'))) return `Fashion-MNIST is not in ${SYSTEM_FASHION_DIR}`;
  return undefined;
}

const missing = missingPrerequisite();
if (missing) console.warn(`SKIPPED PyTorch export tests: ${missing} (Debian: apt install python3-torch python3-numpy dataset-fashion-mnist)`);

/** The first `count` records of an IDX file (header fixed up), gzipped again. */
function idxSlice(file: string, count: number): Buffer {
  const raw = gunzipSync(readFileSync(file));
  const dims = raw[3]!;
  const header = Buffer.from(raw.subarray(0, 4 + 4 * dims));
  let record = 1;
  for (let d = 1; d < dims; d++) record *= raw.readUInt32BE(4 + 4 * d);
  header.writeUInt32BE(count, 4);
  return gzipSync(Buffer.concat([header, raw.subarray(header.length, header.length + count * record)]), { level: 1 });
}

let root: string;
let dataDir: string;
let fashionDir: string;

async function cli(args: string[]): Promise<string> {
  const c = capturedIo();
  const code = await runCli(args, c);
  expect(code, `${args.join(' ')}: ${c.stderr}`).toBe(0);
  return c.stdout;
}

/** `python3 run.py ARGS` in the project folder; its stdout lines and the JSON of the last one. */
function python(dir: string, args: string[]): Promise<{ lines: string[]; last: Record<string, unknown> }> {
  return new Promise((resolveRun, reject) => {
    const opts = { cwd: dir, encoding: 'utf8' as const, timeout: 240_000, env: { ...process.env, OMP_NUM_THREADS: '1' } };
    execFile(PYTHON, ['run.py', '--data', fashionDir, ...args], opts, (err, stdout, stderr) => {
      if (err) return reject(new Error(`python3 run.py ${args.join(' ')} failed (${err.message})\n${stdout}\n${stderr}`));
      const lines = stdout.trimEnd().split('\n');
      try {
        resolveRun({ lines, last: JSON.parse(lines.at(-1)!) as Record<string, unknown> });
      } catch {
        reject(new Error(`python3 run.py ${args.join(' ')}: the last line is not JSON\n${stdout}\n${stderr}`));
      }
    });
  });
}

interface Trained {
  id: string;
  epochs: Array<{ loss: number; testAccuracy?: number }>;
  activations?: unknown;
}

async function trainAndExport(experiment: string, args: string[]): Promise<{ run: Trained; dir: string }> {
  const report = JSON.parse(await cli(['train', experiment, ...args, '--data-dir', dataDir, '--json'])) as { run: { id: string; status: string }; epochs: Trained['epochs'] };
  expect(report.run.status).toBe('completed');
  const dir = join(root, `${experiment}-pytorch`);
  const out = await cli(['export', report.run.id, '--format', 'pytorch', '--out', dir, '--data-dir', dataDir]);
  expect(out).toContain('run it: cd ');
  return { run: { id: report.run.id, epochs: report.epochs }, dir };
}

/** Short runs: a couple of epochs, the book's other settings. */
const SHORT: Record<string, string[]> = {
  'linreg-scratch': ['--epochs', '2'],
  'linreg-concise': ['--epochs', '2'],
  'softmax-scratch': ['--epochs', '1'],
  'softmax-concise': ['--epochs', '1'],
  activations: [],
  'mlp-scratch': ['--epochs', '1'],
  'mlp-concise': ['--epochs', '1'],
  polyfit: ['--epochs', '40'],
  'weight-decay': ['--epochs', '20'],
  dropout: ['--epochs', '1'],
  'conv-kernel': ['--epochs', '4'],
  'conv-shape': [],
  'conv-channels': [],
  pooling: [],
  lenet: ['--epochs', '1'],
};

describe.skipIf(missing !== undefined)('export --format pytorch: run.py under PyTorch 1.13', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'd2l-pytorch-'));
    dataDir = join(root, 'data');
    fashionDir = join(dataDir, 'datasets', 'fashion-mnist');
    mkdirSync(fashionDir, { recursive: true });
    for (const [prefix, count] of [['train', TRAIN_IMAGES], ['t10k', TEST_IMAGES]] as const) {
      for (const kind of ['images-idx3', 'labels-idx1']) {
        const name = `${prefix}-${kind}-ubyte.gz`;
        writeFileSync(join(fashionDir, name), idxSlice(join(SYSTEM_FASHION_DIR, name), count));
      }
    }
    configureDatasets({ dataDir, searchDirs: [{ dir: fashionDir, kind: 'custom' }], cacheFile: false });
  });
  afterAll(() => {
    configureDatasets({});
    clearDatasetMemory();
    rmSync(root, { recursive: true, force: true });
  });

  it('covers every experiment of the catalog', () => {
    expect(Object.keys(SHORT).sort()).toEqual(CATALOG.specs.map((s) => s.id).sort());
  });

  it.each(Object.keys(SHORT))('%s: run.py evaluates the exported weights to the workbench\'s final metric, and --train --epochs 1 runs', async (experiment) => {
    const { run, dir } = await trainAndExport(experiment, SHORT[experiment]!);
    const files = readdirSync(dir).sort();
    const definition = CATALOG.get(experiment)!;
    const synthetic = definition.runData !== undefined;
    // A demo without weights (4.1, 6.3–6.5) compares PyTorch's outputs with the workbench's instead.
    const demo = programMetric(definition.program!) === 'max_abs_error';
    expect(files).toEqual([...(synthetic ? ['data.npz'] : []), ...(demo ? [] : ['params.npz']), 'README.md', 'run.py'].sort());

    // Evaluating the weights and retraining for an epoch are independent: run them side by side.
    const [evaluated, trained] = await Promise.all([python(dir, []), python(dir, ['--train', '--epochs', '1'])]);
    expect(evaluated.last.experiment).toBe(experiment);
    const final = run.epochs.at(-1);
    if (demo) {
      expect(evaluated.last.max_abs_error as number).toBeLessThan(1e-5);
    } else if (final?.testAccuracy !== undefined) {
      expect(Math.abs((evaluated.last.test_acc as number) - final.testAccuracy)).toBeLessThanOrEqual(0.002);
    } else {
      const loss = evaluated.last.loss as number;
      expect(Math.abs(loss - final!.loss) / final!.loss, `PyTorch ${loss}, workbench ${final!.loss}`).toBeLessThan(1e-3);
    }

    expect(trained.last.experiment).toBe(experiment);
    if (!demo) expect(trained.lines[0]).toMatch(/^epoch 1, /);
  }, 300_000);

  it('--train --epochs 1 --workers 2 trains in two gloo processes on 127.0.0.1 and lands where one process does', async () => {
    const { dir } = await trainAndExport('softmax-concise', ['--epochs', '1']);
    const alone = await python(dir, ['--train', '--epochs', '1']);
    const parallel = await python(dir, ['--train', '--epochs', '1', '--workers', '2']);
    expect(parallel.lines[0]).toMatch(/^data-parallel: 2 of 2 processes joined \(gloo, 127\.0\.0\.1:\d+\)$/);
    const lossOf = (lines: string[]): number => Number(/^epoch 1, loss (\S+),/.exec(lines.find((l) => l.startsWith('epoch 1,'))!)![1]);
    const [a, b] = [lossOf(alone.lines), lossOf(parallel.lines)];
    expect(b, `one process ${a}, two ${b}`).toBeGreaterThan(a * 0.5);
    expect(b).toBeLessThan(a * 2);
    expect(parallel.last.test_acc as number).toBeGreaterThan(0.5);
  }, 300_000);
});

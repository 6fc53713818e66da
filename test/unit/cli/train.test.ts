import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/main';
import { formatVector } from '../../../src/main/experiments/print';
import { setBackend } from '../../../src/main/engine';
import { EXPERIMENTS } from '../helpers/catalog';
import { type CliResult, capturedIo, runCliCaptured } from '../helpers/cli-io';

const train = (args: string[], isTTY = false): Promise<CliResult> => runCliCaptured(['train', ...args], isTTY);

afterEach(() => {
  setBackend('auto');
});

describe('d2l-workbench train (human output)', () => {
  it('prints the backend, then the seed program\'s lines', async () => {
    const r = await train(['linreg-concise']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^backend: (native OpenBLAS( \(\w+\))?|WebAssembly (relaxed )?SIMD( \(.+\))?|TypeScript( \(.+\))?)$/);
    expect(lines.slice(1, 4)).toEqual([
      expect.stringMatching(/^epoch 1, loss \d+\.\d{6}$/),
      expect.stringMatching(/^epoch 2, loss \d+\.\d{6}$/),
      expect.stringMatching(/^epoch 3, loss \d+\.\d{6}$/),
    ]);
    expect(lines[4]).toMatch(/^e\(w\) \[\S+, \S+\]$/);
    expect(lines[5]).toMatch(/^e\(b\) \[\S+\]$/);
    expect(lines).toHaveLength(6);
    // No progress bar when stderr is not a terminal, only the closing run line.
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).toMatch(/^run \d{8}-\d{6}-[0-9a-f]{6}: completed in \d+ ms, saved in /);
  });

  it('names the TypeScript backend when asked for it', async () => {
    const r = await train(['linreg-scratch', '--backend', 'ts', '--epochs', '1']);
    expect(r.stdout.split('\n')[0]).toBe('backend: TypeScript (requested)');
  });

  it('names the WebAssembly backend when asked for it, and --json reports it', async () => {
    const r = await train(['linreg-scratch', '--backend', 'wasm', '--epochs', '1']);
    expect(r.stdout.split('\n')[0]).toMatch(/^backend: WebAssembly (relaxed )?SIMD \(requested\)$/);
    const j = await train(['linreg-concise', '--backend', 'wasm', '--json', '--no-save', '--epochs', '1']);
    const backend = (JSON.parse(j.stdout.trim().split('\n').pop()!) as { backend: { name: string; label: string } }).backend;
    expect(backend).toEqual({ name: 'wasm', label: expect.stringMatching(/^WebAssembly (relaxed )?SIMD \(requested\)$/) });
  });

  it('prints train and test loss at the book\'s cadence for the other experiments', async () => {
    const r = await train(['polyfit', '--epochs', '45', '--features', '4']);
    expect(r.code).toBe(0);
    const epochLines = r.stdout.split('\n').filter((l) => l.startsWith('epoch'));
    expect(epochLines.map((l) => Number(/^epoch (\d+)/.exec(l)![1]))).toEqual([1, 20, 40, 45]);
    expect(epochLines[0]).toMatch(/^epoch 1, train loss \d+\.\d{6}, test loss \d+\.\d{6}$/);
    expect(r.stdout).toMatch(/\nweight: \[\S+, \S+, \S+, \S+\]\n$/);
    const wd = await train(['weight-decay', '--epochs', '10', '--lambda', '3']);
    expect(wd.stdout).toMatch(/epoch 5, train loss \d+\.\d{6}, test loss \d+\.\d{6}, ‖w‖ \d+\.\d{6}\n/);
    expect(wd.stdout).toMatch(/\nL2 norm of w: \d+\.\d{6}\n$/);
  });

  it('draws a progress bar on stderr only for a terminal, and keeps stdout clean', async () => {
    const r = await train(['linreg-concise', '--epochs', '1'], true);
    expect(r.stderr).toContain('\r');
    expect(r.stderr).toMatch(/linreg-concise .*100% epoch 1\/1/);
    expect(r.stdout).not.toContain('\r');
  });

  it('reports divergence with the step and a smaller learning rate, exit 1', async () => {
    const r = await train(['linreg-concise', '--lr', '100']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/d2l-workbench train: loss became (NaN|Infinity|-Infinity) at epoch 1, step \d+ \(lr 100\); try a smaller learning rate such as 0\.03\n$/);
    expect(r.stdout).not.toMatch(/NaN|e\(w\)/);
  });
});

describe('d2l-workbench train --json', () => {
  it('prints exactly one JSON object with run, config, backend, epochs, params and timing', async () => {
    const r = await train(['linreg-concise', '--json', '--seed', '7', '--epochs', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.stdout) as Record<string, any>;
    expect(j.run).toEqual({ id: expect.stringMatching(/^\d{8}-\d{6}-[0-9a-f]{6}$/), status: 'completed', saved: true });
    expect(j.experiment).toBe('linreg-concise');
    expect(j.config).toEqual({ experiment: 'linreg-concise', hyperparameters: { epochs: 2, lr: 0.03, batchSize: 10, samples: 1000 }, seed: 7 });
    expect(['native', 'wasm', 'ts']).toContain(j.backend.name);
    expect(j.epochs).toHaveLength(2);
    expect(j.epochs[0]).toEqual({ epoch: 1, loss: expect.any(Number) });
    expect(j.params['0.weight'].shape).toEqual([1, 2]);
    expect(j.params['0.bias'].shape).toEqual([1]);
    expect(j.params['0.weight'].data).toHaveLength(2);
    expect(j.timing.trainMs).toBeGreaterThan(0);
    expect(j.stepLosses).toHaveLength(200);
    expect(j.errors.w).toHaveLength(2);
    expect(r.stderr).toBe('');
  });

  it('same seed, same numbers; the default seed is 42 (polyfit\'s own: 12)', async () => {
    const a = JSON.parse((await train(['linreg-concise', '--json', '--epochs', '1'])).stdout) as Record<string, any>;
    const b = JSON.parse((await train(['linreg-concise', '--json', '--epochs', '1', '--seed', '42'])).stdout) as Record<string, any>;
    expect(a.config.seed).toBe(42);
    expect(b.stepLosses).toEqual(a.stepLosses);
    expect(b.params).toEqual(a.params);
    const p = JSON.parse((await train(['polyfit', '--json', '--epochs', '3'])).stdout) as Record<string, any>;
    const q = JSON.parse((await train(['polyfit', '--json', '--epochs', '3', '--seed', '12'])).stdout) as Record<string, any>;
    expect(p.config.seed).toBe(12);
    expect(q.stepLosses).toEqual(p.stepLosses);
  });
});

describe('d2l-workbench train: bad arguments', () => {
  const cases: Array<[string[], string]> = [
    [['linreg-concise', '--lr', '0'], 'lr must be > 0 and ≤ 1000, got 0'],
    [['linreg-concise', '--lr', 'abc'], '--lr abc: not a number'],
    [['linreg-concise', '--epochs', '0'], 'epochs must be ≥ 1 and ≤ 1000, got 0'],
    [['linreg-concise', '--batch-size', '2.5'], 'batch-size must be a whole number ≥ 1 and ≤ 100000, got 2.5'],
    [['linreg-concise', '--samples', '50', '--batch-size', '100'], 'batch-size must be ≤ samples (50), got 100'],
    [['weight-decay', '--batch-size', '21'], 'batch-size must be ≥ 1 and ≤ 20, got 21'],
    [['linreg-concise', '--seed', '-1'], 'seed must be ≥ 0 and ≤ 2147483647, got -1'],
    [['linreg-concise', '--features', '4'], '--features does not apply to linreg-concise; its flags: --epochs, --lr, --batch-size, --samples, --seed'],
    [['linreg'], `unknown experiment "linreg"; known: ${EXPERIMENTS.map((e) => e.id).join(', ')}`],
    [['linreg-concise', '--backend', 'gpu'], '--backend must be one of auto, native, wasm, ts; got "gpu"'],
  ];
  it.each(cases)('%j → exit 2, one line', async (args, message) => {
    const r = await train(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`d2l-workbench train: ${message}\n`);
  });

  it('needs an experiment and refuses unknown options', async () => {
    const r = await train([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^d2l-workbench train: missing argument; usage: d2l-workbench train <experiment> \[--<hyperparameter> VALUE …\]/);
    const u = await train(['polyfit', '--momentum', '0.9']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/^d2l-workbench train: unknown option --momentum; known: .*--lr/);
    expect(u.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('saves the run by default under its id, and not with --no-save', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2l-train-save-'));
    try {
      const r = await train(['linreg-concise', '--epochs', '1', '--data-dir', dir, '--json']);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as { run: { id: string; saved: boolean } };
      expect(report.run.saved).toBe(true);
      const list = capturedIo();
      expect(await runCli(['runs', 'list', '--json', '--data-dir', dir], list)).toBe(0);
      const runs = (JSON.parse(list.stdout) as { runs: Array<{ id: string; experiment: string; status: string }> }).runs;
      expect(runs).toEqual([expect.objectContaining({ id: report.run.id, experiment: 'linreg-concise', status: 'completed' })]);

      const n = await train(['linreg-scratch', '--epochs', '1', '--no-save', '--data-dir', dir]);
      expect(n.code).toBe(0);
      expect(n.stderr).toMatch(/not saved \(--no-save\)/);
      const again = capturedIo();
      await runCli(['runs', 'list', '--json', '--data-dir', dir], again);
      expect((JSON.parse(again.stdout) as { runs: unknown[] }).runs).toHaveLength(1);
      const help = capturedIo();
      await runCli(['train', '--help'], help);
      expect(help.stdout).toMatch(/--no-save skips that/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the results even when the data directory cannot be written, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2l-train-ro-'));
    const blocked = join(dir, 'file-not-dir');
    writeFileSync(blocked, 'x');
    try {
      const r = await train(['linreg-concise', '--epochs', '1', '--data-dir', blocked]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^epoch 1, loss \d\.\d{6}$/m);
      expect(r.stdout).toMatch(/^e\(w\) /m);
      expect(r.stderr).toMatch(/the run could not be saved in .*file-not-dir/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('formatVector', () => {
  it('uses fixed notation for ordinary magnitudes and scientific for tiny ones', () => {
    expect(formatVector([1.5, -3.25])).toBe('[1.5000, -3.2500]');
    expect(formatVector([0.000123, -0.5])).toBe('[1.2300e-04, -5.0000e-01]');
    expect(formatVector([1.5e20])).toBe('[1.5000e+20]');
  });
});

describe('classifier and 4.1 output', () => {
  it('prints the train_ch3 trio for a classifier epoch', async () => {
    const { epochLine } = await import('../../../src/main/cli/train');
    expect(epochLine({ epoch: 3, loss: 0.51234, trainAccuracy: 0.8312, testAccuracy: 0.8195 })).toBe(
      'epoch 3, loss 0.5123, train acc 0.831, test acc 0.820',
    );
    expect(epochLine({ epoch: 1, loss: 0.000248 })).toBe('epoch 1, loss 0.000248');
  });

  it('lists the dropout flags in the help', async () => {
    const { helpText } = await import('../../../src/main/cli/help');
    const { CATALOG } = await import('../../../src/main/experiments/catalog');
    expect(helpText(CATALOG)).toMatch(/Hyperparameter flags: .*--dropout1 --dropout2/);
  });

  it('`train activations` prints a table of x, each function and its derivative', async () => {
    const r = await train(['activations', '--no-save']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[1]!.trim().split(/\s+/)).toEqual(['x', 'relu', 'drelu/dx', 'sigmoid', 'dsigmoid/dx', 'tanh', 'dtanh/dx']);
    const rows = lines.slice(2).map((l) => l.trim().split(/\s+/).map(Number));
    expect(rows.map((r) => r[0])).toEqual([-8, -4, -2, -1, -0.5, 0, 0.5, 1, 2, 4, 8]);
    const atZero = rows.find((r) => r[0] === 0)!;
    // relu(0) = 0 with derivative 0 (PyTorch's choice); sigmoid'(0) = 1/4; tanh'(0) = 1.
    expect(atZero).toEqual([0, 0, 0, 0.5, 0.25, 0, 1]);
    const atTwo = rows.find((r) => r[0] === 2)!;
    expect(atTwo[1]).toBe(2);
    expect(atTwo[2]).toBe(1);
    expect(atTwo[5]).toBeCloseTo(Math.tanh(2), 4);
  });

  it('--json carries the 4.1 curves', async () => {
    const r = await train(['activations', '--no-save', '--json']);
    const report = JSON.parse(r.stdout) as { activations: { x: number[]; curves: Array<{ name: string }> } };
    expect(report.activations.x).toHaveLength(161);
    expect(report.activations.curves.map((c) => c.name)).toEqual(['relu', 'sigmoid', 'tanh']);
  });
});

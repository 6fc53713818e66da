// Step mode's recording (runSteps, the runner's capture, the panel's summaries) and the CLI's
// `step` command. PyTorch parity of the recorded numbers is in test/golden/step-parity.test.ts.
import { describe, expect, it } from 'vitest';
import { runSteps } from '../../../src/main/services/training/steps';
import { stepViewOf, summarize } from '../../../src/main/services/training/step-view';
import { runCli } from '../../../src/main/cli/main';
import { optim, tensor } from '../../../src/main/engine';
import { CATALOG } from '../../../src/main/experiments/catalog';
import type { StepRecord } from '../../../src/shared/step';
import { throwaway } from '../../fixtures/throwaway-experiment';
import { capturedIo } from '../helpers/cli-io';

/** X·w + b − y for every row of a recorded batch (w of shape [d, 1] or [1, d], b of one value), in float64. */
function residuals(r: StepRecord, w: number[], b: number): number[] {
  const X = r.batch.X.data, y = r.batch.y.data, d = w.length;
  return y.map((yi, i) => w.reduce((s, wj, j) => s + X[i * d + j]! * wj, b) - yi);
}

const LINREG = { experiment: 'linreg-concise', hyperparameters: { epochs: 1, lr: 0.03, batchSize: 10, samples: 100 }, seed: 5 };

describe('runSteps', () => {
  it('records exactly the steps asked for, each one continuing the last', () => {
    const run = runSteps(LINREG, { from: 2, to: 3 });
    expect(run.problem).toBeUndefined();
    expect(run.stepsPerEpoch).toBe(10);
    expect(run.records.map((r) => r.step)).toEqual([2, 3]);
    const [a, b] = run.records;
    expect(b!.paramsBefore).toEqual(a!.paramsAfter);
    expect(a!.batch.X.shape).toEqual([10, 2]);
    expect(a!.batch.y.shape).toEqual([10, 1]);
    // Plain SGD: after = before − lr·grad, element by element (float32 rounding aside).
    for (const name of ['0.weight', '0.bias']) {
      const before = a!.paramsBefore[name]!.data, after = a!.paramsAfter[name]!.data, g = a!.grads[name]!.data;
      before.forEach((v, i) => expect(after[i]!).toBeCloseTo(v - 0.03 * g[i]!, 6));
    }
    expect(a!.graph.nodes.map((n) => n.op)).toEqual(['MseLossBackward0', 'AddmmBackward0', 'AccumulateGrad', 'TBackward0', 'AccumulateGrad']);
    expect(a!.graph.nodes.filter((n) => n.param).map((n) => n.param)).toEqual(['0.bias', '0.weight']);
    expect(a!.optimizerState).toBeUndefined();
  });

  it('is the same step every time for the same request (replays are deterministic)', () => {
    expect(runSteps(LINREG, { from: 4, to: 4 }).records).toEqual(runSteps(LINREG, { from: 4, to: 4 }).records);
  });

  it('keeps the values and gradients of the graph nodes when asked', () => {
    const [r] = runSteps(LINREG, { from: 1, to: 1, nodeTensors: true }).records;
    const addmm = r!.graph.nodes.find((n) => n.op === 'AddmmBackward0')!;
    const t = r!.nodeTensors![String(addmm.id)]!;
    expect(t.value.shape).toEqual([10, 1]);
    // d(mean squared error)/d(prediction) = 2(ŷ − y)/n.
    const y = r!.batch.y.data;
    t.grad!.data.forEach((g, i) => expect(g).toBeCloseTo((2 * (t.value.data[i]! - y[i]!)) / 10, 5));
  });

  it('says why a step cannot be shown', () => {
    expect(runSteps(LINREG, { from: 11, to: 11 }).problem).toBe('linreg-concise has 10 steps with these hyperparameters; step 11 does not exist');
    const plain = runSteps({ experiment: 'throwaway-line', hyperparameters: {} }, { from: 1, to: 1 }, CATALOG.with(throwaway));
    expect(plain.problem).toMatch(/throwaway-line does not report its steps in detail/);
  });

  it('records the book\'s hand-written sgd (3.2), which zeroes .grad inside its update: the gradient of the batch sum, and after = before − lr·grad/batch', () => {
    const request = { experiment: 'linreg-scratch', hyperparameters: { epochs: 1, samples: 100 }, seed: 5 };
    const [r] = runSteps(request, { from: 2, to: 2 }).records;
    expect(r!.graph.nodes.filter((n) => n.param).map((n) => n.param).sort()).toEqual(['b', 'w']);
    const w = r!.paramsBefore.w!.data, b = r!.paramsBefore.b!.data[0]!;
    const res = residuals(r!, w, b);
    // l = Σ (ŷ − y)²/2 over the batch: ∂l/∂w = Xᵀ(ŷ − y), ∂l/∂b = Σ (ŷ − y).
    const gw = w.map((_, j) => res.reduce((s, e, i) => s + e * r!.batch.X.data[i * 2 + j]!, 0));
    const gb = res.reduce((s, e) => s + e, 0);
    expect(Math.max(...gw.map((g) => Math.abs(g)))).toBeGreaterThan(1e-3);
    r!.grads.w!.data.forEach((g, j) => expect(g).toBeCloseTo(gw[j]!, 4));
    expect(r!.grads.b!.data[0]).toBeCloseTo(gb, 4);
    w.forEach((v, j) => expect(r!.paramsAfter.w!.data[j]!).toBeCloseTo(v - (0.03 * r!.grads.w!.data[j]!) / 10, 6));
  });

  it('records 4.5 weight decay from scratch: the gradient includes the penalty λ‖w‖²/2 summed over the batch', () => {
    const request = { experiment: 'weight-decay', hyperparameters: { epochs: 1, lambda: 3 }, seed: 5 };
    const [r] = runSteps(request, { from: 1, to: 1 }).records;
    const w = r!.paramsBefore.w!.data, b = r!.paramsBefore.b!.data[0]!;
    const res = residuals(r!, w, b);
    const n = res.length, d = w.length;
    w.forEach((wj, j) => {
      const g = res.reduce((s, e, i) => s + e * r!.batch.X.data[i * d + j]!, 0) + n * 3 * wj;
      expect(r!.grads.w!.data[j]!).toBeCloseTo(g, 3);
    });
  });

  it('records every training loop of the catalog in detail, the scratch ones too', () => {
    const small: Record<string, Record<string, number>> = {
      'linreg-scratch': { samples: 100 }, 'conv-kernel': {}, 'weight-decay': {},
    };
    for (const [experiment, hp] of Object.entries(small)) {
      const run = runSteps({ experiment, hyperparameters: { epochs: 1, ...hp }, seed: 1 }, { from: 1, to: 1 });
      expect(run.problem, experiment).toBeUndefined();
      const [r] = run.records;
      for (const [name, g] of Object.entries(r!.grads)) expect(g.data.some((v) => v !== 0), `${experiment} ${name}`).toBe(true);
    }
  });
});

describe('optimizer state', () => {
  it('SGD with momentum and Adam expose PyTorch\'s state per parameter', () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const sgd = new optim.SGD([p], { lr: 0.1, momentum: 0.9 });
    expect(sgd.stateOf(p)).toEqual({});
    p.mul(p).sum().backward();
    sgd.step();
    expect(Array.from(sgd.stateOf(p).momentumBuffer!.values)).toEqual([2, 4]);
    const q = tensor([1], { requiresGrad: true });
    const adam = new optim.Adam([q]);
    q.mul(3).sum().backward();
    adam.step();
    const s = adam.stateOf(q);
    expect(Object.keys(s)).toEqual(['step', 'expAvg', 'expAvgSq']);
    expect(s.step!.item()).toBe(1);
    expect(s.expAvg!.item()).toBeCloseTo(0.3, 6);
  });
});

describe('step view summaries', () => {
  it('keeps small tensors whole and summarises large ones', () => {
    expect(summarize({ shape: [2], data: [3, -4] })).toMatchObject({ data: [3, -4], norm: 5, min: -4, max: 3 });
    const big = summarize({ shape: [100, 200], data: Array.from({ length: 20000 }, (_, i) => i % 200) });
    expect(big.data).toBeUndefined();
    expect(big.heatmap!.rows).toBe(48);
    expect(big.heatmap!.cols).toBe(48);
    expect(big.histogram.reduce((a, b) => a + b, 0)).toBe(20000);
  });

  it('turns a record into the panel\'s view with the update it applied, −lr·grad for plain SGD', () => {
    const [r] = runSteps(LINREG, { from: 1, to: 1, nodeTensors: true }).records;
    const v = stepViewOf(r!, 10);
    expect(v.updates['0.bias']!.data![0]).toBe(r!.paramsAfter['0.bias']!.data[0]! - r!.paramsBefore['0.bias']!.data[0]!);
    expect(v.updates['0.bias']!.data![0]).toBeCloseTo(-0.03 * r!.grads['0.bias']!.data[0]!, 6);
    expect(v.batch.X.data).toHaveLength(20);
  });
});

describe('d2l-workbench step', () => {
  it('prints one JSON object per step in the issue\'s format', async () => {
    const out = capturedIo();
    expect(await runCli(['step', 'linreg-concise', '--steps', '2', '--samples', '100', '--seed', '3', '--json'], out)).toBe(0);
    const lines = out.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]!)).toEqual(['step', 'batch', 'paramsBefore', 'loss', 'grads', 'paramsAfter', 'graph']);
    expect(lines.map((l) => l.step)).toEqual([1, 2]);
    expect(Object.keys(lines[0]!.paramsBefore as object)).toEqual(['0.weight', '0.bias']);
  });

  it('prints a readable summary without --json, and refuses an experiment that records no detail', async () => {
    const out = capturedIo();
    expect(await runCli(['step', 'linreg-concise', '--samples', '100'], out)).toBe(0);
    expect(out.stdout).toMatch(/^step 1 \(epoch 1\), batch X 10×2, loss \d/);
    const scratch = capturedIo();
    expect(await runCli(['step', 'linreg-scratch', '--samples', '100'], scratch)).toBe(0);
    expect(scratch.stdout).toMatch(/^step 1 \(epoch 1\), batch X 10×2, loss \d/);
    const bad = capturedIo();
    expect(await runCli(['step', 'throwaway-line'], bad, CATALOG.with(throwaway))).toBe(2);
    expect(bad.stderr).toMatch(/d2l-workbench step: throwaway-line does not report its steps in detail/);
    const range = capturedIo();
    expect(await runCli(['step', 'linreg-concise', '--steps', '0'], range)).toBe(2);
    expect(range.stderr).toContain('--steps must be ≥ 1 and ≤ 1000, got 0');
  });
});

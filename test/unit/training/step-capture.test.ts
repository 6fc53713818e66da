// Step mode's recording (runSteps, the runner's capture, the panel's summaries) and the CLI's
// `step` command. PyTorch parity of the recorded numbers is in test/golden/step-parity.test.ts.
import { describe, expect, it } from 'vitest';
import { runSteps } from '../../../src/main/services/training/steps';
import { stepViewOf, summarize } from '../../../src/main/services/training/step-view';
import { runCli } from '../../../src/main/cli/main';
import type { CliIo } from '../../../src/main/cli/io';
import { optim, tensor } from '../../../src/main/engine';

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
    const scratch = runSteps({ experiment: 'linreg-scratch', hyperparameters: { epochs: 1, samples: 100 } }, { from: 1, to: 1 });
    expect(scratch.problem).toMatch(/does not report its steps in detail/);
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

  it('turns a record into the panel\'s view with the update −lr·grad', () => {
    const [r] = runSteps(LINREG, { from: 1, to: 1, nodeTensors: true }).records;
    const v = stepViewOf(r!, 10);
    expect(v.updates['0.bias']!.data![0]).toBeCloseTo(-0.03 * r!.grads['0.bias']!.data[0]!, 7);
    expect(v.batch.X.data).toHaveLength(20);
  });
});

function io(): CliIo & { stdout: string; stderr: string } {
  const o = { stdout: '', stderr: '', isTTY: false, out(t: string) { o.stdout += t; }, err(t: string) { o.stderr += t; } };
  return o;
}

describe('d2l-workbench step', () => {
  it('prints one JSON object per step in the issue\'s format', async () => {
    const out = io();
    expect(await runCli(['step', 'linreg-concise', '--steps', '2', '--samples', '100', '--seed', '3', '--json'], out)).toBe(0);
    const lines = out.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]!)).toEqual(['step', 'batch', 'paramsBefore', 'loss', 'grads', 'paramsAfter', 'graph']);
    expect(lines.map((l) => l.step)).toEqual([1, 2]);
    expect(Object.keys(lines[0]!.paramsBefore as object)).toEqual(['0.weight', '0.bias']);
  });

  it('prints a readable summary without --json, and refuses an experiment that records no detail', async () => {
    const out = io();
    expect(await runCli(['step', 'linreg-concise', '--samples', '100'], out)).toBe(0);
    expect(out.stdout).toMatch(/^step 1 \(epoch 1\), batch X 10×2, loss \d/);
    const bad = io();
    expect(await runCli(['step', 'linreg-scratch'], bad)).toBe(2);
    expect(bad.stderr).toMatch(/d2l-workbench step: linreg-scratch does not report its steps in detail/);
    const range = io();
    expect(await runCli(['step', 'linreg-concise', '--steps', '0'], range)).toBe(2);
    expect(range.stderr).toContain('--steps must be ≥ 1 and ≤ 1000, got 0');
  });
});

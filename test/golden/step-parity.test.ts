// Step mode against PyTorch 1.13 (issue 17): the first two steps of four experiments, as
// `d2l-workbench step … --json` prints them, are replayed in PyTorch (step_parity.py) from the
// same paramsBefore and batch: the loss, every gradient (rel 1e-4) and paramsAfter must agree, and
// the graph must be PyTorch's grad_fn graph node for node. Dropout runs with p = 0 for the values
// (its masks come from the engine's generator) and with the book's p for the graph.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/main';
import type { CliIo } from '../../src/main/cli/io';
import type { ParamMap } from '../../src/shared/training';
import type { StepGraph } from '../../src/shared/step';

const PYTHON = '/usr/bin/python3';
const torchMissing = !existsSync(PYTHON)
  ? `${PYTHON} is missing`
  : spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0 ? `torch is not importable by ${PYTHON}` : null;
if (torchMissing !== null) console.warn(`step-parity: SKIPPED, ${torchMissing} (apt-get install -y python3-torch)`);

interface EngineStep {
  step: number;
  loss: number;
  batch: { X: { shape: number[] }; y: { shape: number[] } };
  paramsBefore: ParamMap;
  grads: ParamMap;
  paramsAfter: ParamMap;
  graph: StepGraph;
}
interface TorchStep { step: number; loss: number; grads: ParamMap; paramsAfter: ParamMap; graph: StepGraph }

async function engineSteps(args: string[]): Promise<EngineStep[]> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { isTTY: false, out: (t) => { stdout += t; }, err: (t) => { stderr += t; } };
  const code = await runCli(['step', ...args, '--steps', '2', '--seed', '7', '--json'], io);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as EngineStep);
}

/** What PyTorch needs of a step: where it starts and its batch. */
type StepStart = Pick<EngineStep, 'step' | 'paramsBefore' | 'batch'>;
interface Job { experiment: string; hp: Record<string, number>; steps: StepStart[] }

/** Every job replayed in one Python process: importing torch takes seconds, a job milliseconds. */
function torchSteps(jobs: Job[]): TorchStep[][] {
  const r = spawnSync(PYTHON, [fileURLToPath(new URL('./step_parity.py', import.meta.url))], {
    input: JSON.stringify(jobs), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024,
    cwd: fileURLToPath(new URL('.', import.meta.url)),
  });
  if (r.status !== 0) throw new Error(`step_parity.py failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as TorchStep[][];
  expect(out).toHaveLength(jobs.length);
  return out;
}

function expectCloseMap(got: ParamMap, want: ParamMap, what: string, rel = 1e-4): void {
  expect(Object.keys(got)).toEqual(Object.keys(want));
  for (const [name, w] of Object.entries(want)) {
    const g = got[name]!;
    expect(g.shape, `${what} ${name} shape`).toEqual(w.shape);
    // Relative to the tensor's largest value: elements near zero come out of long float32 sums.
    let scale = 1e-12;
    for (const x of w.data) scale = Math.max(scale, Math.abs(x));
    let worst = 0;
    for (let i = 0; i < w.data.length; i++) worst = Math.max(worst, Math.abs(g.data[i]! - w.data[i]!) / scale);
    expect(worst, `${what} ${name}: worst difference relative to max |value| ${scale}`).toBeLessThanOrEqual(rel);
  }
}

function sortedEdges(g: StepGraph): [number, number][] {
  return [...g.edges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

const CASES: { experiment: string; hp: Record<string, number>; flags: string[] }[] = [
  { experiment: 'linreg-concise', hp: { lr: 0.03 }, flags: ['--lr', '0.03'] },
  { experiment: 'softmax-concise', hp: { lr: 0.1 }, flags: ['--lr', '0.1'] },
  { experiment: 'mlp-concise', hp: { lr: 0.1 }, flags: ['--lr', '0.1'] },
  { experiment: 'dropout', hp: { lr: 0.5, dropout1: 0, dropout2: 0 }, flags: ['--lr', '0.5', '--dropout1', '0', '--dropout2', '0'] },
];
/** Dropout with the book's p, for the graph only (the values' masks come from the engine's generator). */
const BOOK_DROPOUT = { experiment: 'dropout', hp: { lr: 0.5, dropout1: 0.2, dropout2: 0.5 }, flags: [] as string[] };

describe.skipIf(torchMissing !== null)('step mode matches PyTorch 1.13 step for step', () => {
  let engine: EngineStep[][] = [];
  let torch: TorchStep[][] = [];
  beforeAll(async () => {
    const all = [...CASES, BOOK_DROPOUT];
    engine = [];
    for (const c of all) engine.push(await engineSteps([c.experiment, ...c.flags]));
    torch = torchSteps(all.map((c, i) => ({
      experiment: c.experiment, hp: c.hp, steps: engine[i]!.map(({ step, paramsBefore, batch }) => ({ step, paramsBefore, batch })),
    })));
  }, 600_000);

  for (const [k, c] of CASES.entries()) {
    it(`${c.experiment}: loss, gradients, paramsAfter and graph of steps 1 and 2`, () => {
      const steps = engine[k]!;
      expect(steps.map((s) => s.step)).toEqual([1, 2]);
      for (const [i, s] of steps.entries()) {
        const t = torch[k]![i]!;
        expect(Math.abs(s.loss - t.loss) / Math.abs(t.loss), `step ${s.step} loss ${s.loss} vs ${t.loss}`).toBeLessThanOrEqual(1e-5);
        expectCloseMap(s.grads, t.grads, `step ${s.step} grad`);
        expectCloseMap(s.paramsAfter, t.paramsAfter, `step ${s.step} paramsAfter`, 1e-5);
        expect(s.graph.nodes.map(({ id, op, shape }) => ({ id, op, shape }))).toEqual(t.graph.nodes);
        expect(sortedEdges(s.graph)).toEqual(t.graph.edges);
      }
      // Step 2 starts where step 1 ended, on another batch.
      expect(steps[1]!.paramsBefore).toEqual(steps[0]!.paramsAfter);
    });
  }

  it('dropout with the book\'s p: the graph has PyTorch\'s MulBackward0 nodes', () => {
    const steps = engine[CASES.length]!;
    const ops = steps[0]!.graph.nodes.map((n) => n.op);
    expect(ops.filter((o) => o === 'MulBackward0')).toHaveLength(2);
    expect(steps[0]!.graph.nodes.map(({ id, op, shape }) => ({ id, op, shape }))).toEqual(torch[CASES.length]![0]!.graph.nodes);
    expect(sortedEdges(steps[0]!.graph)).toEqual(torch[CASES.length]![0]!.graph.edges);
  });
});

// 4.1 激活函数: relu, sigmoid and tanh on x ∈ [−8, 8] and their derivatives, each by autograd the
// way the book does it: y.backward(torch.ones_like(x)), then read x.grad. No training loop.
import type { ActivationCurve, ActivationCurves } from '../../shared/training';
import { linspace, onesLike, tensor, type Tensor } from '../engine';
import { defineExperiment } from './define';
import program from './programs/activations.py?raw';

const FUNCTIONS: ReadonlyArray<[ActivationCurve['name'], (x: Tensor) => Tensor]> = [
  ['relu', (x) => x.relu()],
  ['sigmoid', (x) => x.sigmoid()],
  ['tanh', (x) => x.tanh()],
];

export function activationCurves(): ActivationCurves {
  const x = linspace(-8, 8, 161).requiresGrad_();
  const curves = FUNCTIONS.map(([name, f]): ActivationCurve => {
    x.grad = null;
    const y = f(x);
    y.backward(onesLike(x));
    return { name, y: Array.from(y.detach().values), grad: Array.from(x.grad!.values) };
  });
  return { x: Array.from(x.detach().values), curves };
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

export const activations = defineExperiment({
  spec: {
    id: 'activations',
    section: '4.1',
    title: { zh: '激活函数：ReLU、sigmoid、tanh', en: 'Activation functions: ReLU, sigmoid, tanh' },
    summary: {
      zh: '在 x ∈ [−8, 8] 上画出三种激活函数及其由自动微分求得的导数。',
      en: 'The three activation functions on x ∈ [−8, 8] and their derivatives, computed by autograd.',
    },
    hyperparameters: [],
    plots: ['activation'],
  },
  program,
  // The workbench's curves, for run.py to compare PyTorch's autograd against.
  runData: () => {
    const a = activationCurves();
    const out: Record<string, Tensor> = { x: tensor(a.x) };
    for (const c of a.curves) {
      out[c.name] = tensor(c.y);
      out[`${c.name}_grad`] = tensor(c.grad);
    }
    return out;
  },
  cli: { result: (s) => (s.activations ? activationTable(s.activations) : '') },
  run(ctx) {
    const result = activationCurves();
    ctx.dataset({ activations: result });
    ctx.report({ activations: result });
  },
});

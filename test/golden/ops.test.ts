// Every tensor op of docs/engine-api.md against PyTorch 1.13: forward values and, for the
// differentiable ones, the gradient of each input under a recorded upstream gradient.
// Fixtures: fixtures/ops.json (re-record with test/golden/record.py).
import { describe, expect, it } from 'vitest';
import { arange, cat, eye, full, linspace, ones, stack, Tensor, zeros } from '../../src/main/engine';
import { DEFAULT_TOL, type Encoded, expectClose, fromEncoded, loadFixture, type Tolerance } from './golden-helpers';

type Arg = number | boolean | null | number[] | { index: Encoded };

interface OpCase {
  name: string;
  op: string;
  kind?: 'function' | 'getter';
  args: Arg[];
  inputs: Encoded[];
  out: Encoded;
  g?: Encoded;
  grads?: Encoded[];
  /** Looser tolerance for this case; `why` says what forces it (see record_ops.py). */
  tol?: Tolerance;
  why?: string;
}

interface GraphCase {
  name: string;
  inputs: Encoded[];
  out: Encoded;
  grads: Encoded[];
}

interface CreationCase {
  name: string;
  fn: string;
  args: (number | number[])[];
  out: Encoded;
}

const fixture = loadFixture<{ tolerance: Tolerance; cases: OpCase[]; graphs: GraphCase[]; creation: CreationCase[] }>('ops');

type Method = (...args: unknown[]) => Tensor;

/** JSON arguments in engine form: null means "not given", {index} is an integer index tensor. */
function engineArg(a: Arg): unknown {
  if (a === null) return undefined;
  if (typeof a === 'object' && !Array.isArray(a)) return fromEncoded(a.index);
  return a;
}

function run(c: OpCase, xs: Tensor[]): Tensor {
  const args = c.args.map(engineArg);
  if (c.kind === 'function') {
    const fns: Record<string, (ts: Tensor[], dim?: number) => Tensor> = { cat, stack };
    const fn = fns[c.op];
    if (!fn) throw new Error(`ops.json names an unknown function ${c.op}`);
    return fn(xs, args[0] as number);
  }
  const self = xs[0] as unknown as Record<string, unknown>;
  if (c.kind === 'getter') return self[c.op] as Tensor;
  const method = self[c.op];
  if (typeof method !== 'function') throw new Error(`Tensor has no method ${c.op}`);
  const out: Tensor | readonly Tensor[] = (method as Method).apply(xs[0], [...xs.slice(1), ...args]);
  // max(dim) / min(dim) give (values, indices) like PyTorch; the fixture compares the values.
  return out instanceof Tensor ? out : out[0];
}

describe('golden ops vs PyTorch', () => {
  it('uses the tolerance the recorder checked against', () => {
    expect(fixture.tolerance).toEqual(DEFAULT_TOL);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const differentiable = c.grads !== undefined;
      const xs = c.inputs.map((e) => fromEncoded(e, differentiable));
      const out = run(c, xs);
      const tol = c.tol ?? DEFAULT_TOL;
      // argmax and comparisons produce exact small integers: compare with no tolerance.
      expectClose(out, c.out, `${c.op} output`, differentiable ? tol : { rel: 0, abs: 0 });
      if (!differentiable) return;
      out.backward(fromEncoded(c.g!));
      c.grads!.forEach((want, i) => expectClose(xs[i].grad, want, `grad of input ${i}`, tol));
    });
  }
});

// The same graphs as record_ops.record_graphs, by name: a value feeds several ops, so the
// engine must accumulate its gradient from every path.
const graphs: Record<string, (...xs: Tensor[]) => Tensor> = {
  'x*x + exp(x), summed': (x) => x.mul(x).add(x.exp()).sum(),
  'tanh(x) * sigmoid(tanh(x)), mean': (x) => x.tanh().mul(x.tanh().sigmoid()).mean(),
  '((x @ y) - y.sum())^2 summed': (x, y) => x.matmul(y).sub(y.sum()).pow(2).sum(),
  'logSoftmax + gather + mean (hand-made cross-entropy)': (x) =>
    x.logSoftmax(1).gather(1, fromEncoded({ shape: [3, 1], data: [1, 0, 3] })).mean().neg(),
};

describe('golden graphs vs PyTorch (gradient accumulation)', () => {
  for (const c of fixture.graphs) {
    it(c.name, () => {
      const build = graphs[c.name];
      if (!build) throw new Error(`no engine graph named "${c.name}": add it next to record_graphs`);
      const xs = c.inputs.map((e) => fromEncoded(e, true));
      const out = build(...xs);
      expectClose(out, c.out, 'output');
      out.backward();
      c.grads.forEach((want, i) => expectClose(xs[i].grad, want, `grad of input ${i}`));
    });
  }
});

const creators: Record<string, (...args: never[]) => Tensor> = { arange, linspace, eye, zeros, ones, full };

describe('golden creation functions vs PyTorch', () => {
  for (const c of fixture.creation) {
    it(c.name, () => {
      const create = creators[c.fn] as ((...args: (number | number[])[]) => Tensor) | undefined;
      if (!create) throw new Error(`ops.json names an unknown creation function ${c.fn}`);
      expectClose(create(...c.args), c.out, `${c.fn} output`);
    });
  }
});

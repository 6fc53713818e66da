// Numerical gradient check: compares autograd against central differences of a random
// projection L = Σ rᵢ·outᵢ, accumulated in float64. Perturbations are measured after rounding
// to float32, so the step used in the quotient is the step the engine actually saw.
import { expect } from 'vitest';
import { Generator, Tensor, tensor } from '../../../src/main/engine';

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
}

function projected(out: Tensor, r: Float64Array): number {
  let s = 0;
  for (let i = 0; i < r.length; i++) s += r[i] * out.values[i];
  return s;
}

/** Fresh leaf copies of the inputs, requiring grad where `requires[i]` (default all). */
export function leaves(inputs: Tensor[], requires?: boolean[]): Tensor[] {
  return inputs.map((t, i) => tensor(t.values.slice(), { shape: t.shape.slice(), requiresGrad: requires?.[i] ?? true }));
}

export function gradcheck(
  fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}, requires?: boolean[],
): void {
  const { eps = 1e-2, atol = 2e-3, rtol = 2e-2 } = opts;
  const xs = leaves(inputs, requires);
  const out = fn(...xs);
  const rng = new Generator(1234);
  const r = new Float64Array(out.values.length);
  for (let i = 0; i < r.length; i++) r[i] = Math.fround(rng.normal());
  out.backward(tensor(Float32Array.from(r), { shape: out.shape.slice() }));
  xs.forEach((x, k) => {
    if (!x.requiresGrad) {
      expect(x.grad, `input ${k} must get no grad`).toBeNull();
      return;
    }
    expect(x.grad, `input ${k} grad`).not.toBeNull();
    const analytic = x.grad!.values;
    for (let i = 0; i < x.values.length; i++) {
      const orig = x.values[i];
      const probe = leaves(xs.map((t) => t.detach()), xs.map(() => false));
      probe[k].values[i] = orig + eps;
      const up = probe[k].values[i];
      const fPlus = projected(fn(...probe), r);
      probe[k].values[i] = orig - eps;
      const down = probe[k].values[i];
      const fMinus = projected(fn(...probe), r);
      const numeric = (fPlus - fMinus) / (up - down);
      const err = Math.abs(numeric - analytic[i]);
      const tol = atol + rtol * Math.abs(numeric);
      if (!(err <= tol)) {
        throw new Error(`gradcheck: input ${k} element ${i}: analytic ${analytic[i]}, numeric ${numeric} (|diff| ${err} > ${tol})`);
      }
    }
  });
}

/** Deterministic test input: values in [lo, hi), kept away from 0 by `gap` when asked. */
export function sample(shape: number[], seed: number, lo = -2, hi = 2, gap = 0): Tensor {
  const g = new Generator(seed);
  let n = 1;
  for (const s of shape) n *= s;
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let x = lo + (hi - lo) * g.random();
    if (gap > 0 && Math.abs(x) < gap) x = x < 0 ? -gap - Math.abs(x) : gap + x;
    v[i] = x;
  }
  return tensor(v, { shape });
}

// d2l's synthetic_data: X ~ N(0, 1) of shape (n, len(w)), y = Xw + b + N(0, 0.01²) as (n, 1).
import { Tensor } from '../tensor';
import { defaultGenerator, type Generator } from '../random';

export function syntheticData(w: Tensor | readonly number[], b: number, n: number, rng: Generator = defaultGenerator): [Tensor, Tensor] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`syntheticData: n must be a non-negative integer, got ${n}`);
  const wv = w instanceof Tensor ? w.values : Float32Array.from(w);
  const d = wv.length;
  const x = new Float32Array(n * d);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.fround(x[i * d + j] * wv[j]);
    y[i] = Math.fround(s + b);
  }
  for (let i = 0; i < n; i++) y[i] += 0.01 * rng.normal();
  return [new Tensor(x, [n, d]), new Tensor(y, [n, 1])];
}

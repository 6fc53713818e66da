// Dropout: in training, zeroes each element with probability p and scales survivors by 1/(1−p);
// in eval mode it is the identity.
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { defaultGenerator, type Generator } from '../random';
import { Module } from './module';

export function dropout(x: Tensor, p: number, training: boolean, rng: Generator = defaultGenerator): Tensor {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (!training || p === 0) return x;
  const n = x.values.length;
  const scale = p === 1 ? 0 : 1 / (1 - p);
  const mask = new Float32Array(n);
  for (let i = 0; i < n; i++) mask[i] = rng.random() < p ? 0 : scale;
  const xv = x.values;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = xv[i] * mask[i];
  const out = new Tensor(y, x.shape);
  if (!needsGrad(x)) return out;
  return record(out, 'NativeDropoutBackward0', [x], (g) => {
    const d = new Float32Array(n);
    for (let i = 0; i < n; i++) d[i] = g[i] * mask[i];
    return [d];
  });
}

export class Dropout extends Module {
  readonly p: number;
  private readonly rng: Generator | undefined;

  constructor(p = 0.5, rng?: Generator) {
    super();
    if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
    this.rng = rng;
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.training, this.rng);
  }

  protected override extraRepr(): string {
    return `p=${this.p}, inplace=False`;
  }
}

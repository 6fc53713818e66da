// nn.Sequential: children are named '0', '1', … and typed per position, so
// `new Sequential(new Linear(2, 1)).at(0).weight` type-checks.
import type { Tensor } from '../tensor';
import { Module } from './module';
import { Linear } from './linear';
import { ReLU } from './activation';
import { linear } from '../ops/linear';

export class Sequential<M extends Module[] = Module[]> extends Module {
  private readonly layers: M;

  constructor(...modules: M) {
    super();
    this.layers = modules;
  }

  get length(): number {
    return this.layers.length;
  }

  /** The i-th module; negative i counts from the end. */
  at<I extends number>(i: I): M[I] {
    const n = this.layers.length;
    const k = i < 0 ? i + n : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`Sequential.at: index ${i} is out of range for ${n} modules`);
    return this.layers[k];
  }

  override namedChildren(): [string, Module][] {
    return this.layers.map((m, i) => [String(i), m]);
  }

  forward(x: Tensor): Tensor {
    let y = x;
    const layers = this.layers;
    for (let i = 0; i < layers.length; i++) {
      const m = layers[i];
      // Linear then ReLU run as one fused node: one pass over the output instead of two.
      // Exact classes only, so a subclass overriding forward() is still called.
      if (m.constructor === Linear && layers[i + 1]?.constructor === ReLU) {
        const lin = m as unknown as Linear<boolean>;
        y = linear(y, lin.weight, lin.bias, true);
        i++;
      } else y = m.forward(y);
    }
    return y;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.layers[Symbol.iterator]();
  }
}

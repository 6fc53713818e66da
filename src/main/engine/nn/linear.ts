// nn.Linear: weight (out, in), bias (out), both initialised U(−1/√in, 1/√in) like PyTorch.
import { Tensor } from '../tensor';
import { linear } from '../ops/linear';
import { Module, Parameter } from './module';
import { kaimingUniform_, uniform_ } from './init';
import type { Generator } from '../random';
import { checkOptions } from '../options';

export interface LinearOptions<B extends boolean> {
  bias?: B;
  rng?: Generator;
}

export class Linear<B extends boolean = true> extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Tensor;
  bias: B extends false ? null : Tensor;

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions<B> = {}) {
    super();
    checkOptions(opts, 'Linear', { allowed: ['bias', 'rng'], unsupported: { device: 'device', dtype: 'dtype' } });
    for (const [name, v] of [['in_features', inFeatures], ['out_features', outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Linear: ${name} must be a non-negative integer, got ${v}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = Parameter(new Tensor(new Float32Array(outFeatures * inFeatures), [outFeatures, inFeatures]));
    // kaiming_uniform_(a = √5) reduces to U(−1/√in, 1/√in).
    kaimingUniform_(this.weight, Math.sqrt(5), opts.rng);
    if (opts.bias === false) {
      this.bias = null as B extends false ? null : Tensor;
    } else {
      const b = Parameter(new Tensor(new Float32Array(outFeatures), [outFeatures]));
      const bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
      uniform_(b, -bound, bound, opts.rng);
      this.bias = b as B extends false ? null : Tensor;
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  protected override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}

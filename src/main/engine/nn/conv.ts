// nn.Conv2d: weight (out, in, kh, kw) and bias (out), initialised as PyTorch does:
// kaiming_uniform_(a = √5), i.e. U(−1/√fan_in, 1/√fan_in) with fan_in = in·kh·kw, for both.
import { Tensor } from '../tensor';
import { conv2d } from '../ops/conv';
import { Module, Parameter } from './module';
import { kaimingUniform_, uniform_ } from './init';
import type { Generator } from '../random';
import { checkOptions } from '../options';
import { CONV2D_OPTIONS, convPair, type IntPair } from './conv-args';
import { toPair } from '../ops/window';

export interface Conv2dOptions<B extends boolean> {
  stride?: IntPair;
  padding?: IntPair;
  bias?: B;
  rng?: Generator;
}

const pairText = (p: readonly [number, number]): string => `(${p[0]}, ${p[1]})`;

export class Conv2d<B extends boolean = true> extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  weight: Tensor;
  bias: B extends false ? null : Tensor;

  constructor(inChannels: number, outChannels: number, kernelSize: IntPair, opts: Conv2dOptions<B> = {}) {
    super();
    checkOptions(opts, 'Conv2d', CONV2D_OPTIONS);
    for (const [name, v] of [['in_channels', inChannels], ['out_channels', outChannels]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Conv2d: ${name} must be a non-negative integer, got ${v}`);
    }
    const k = toPair(kernelSize, 'Conv2d', 'kernel_size', `kernel_size must be an integer or a list of two integers, got ${JSON.stringify(kernelSize)}`);
    if (k[0] < 1 || k[1] < 1) throw new RangeError(`Conv2d: kernel_size must be positive, got ${pairText(k)}`);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = k;
    this.stride = convPair(opts.stride ?? 1, 'Conv2d', 'stride');
    this.padding = convPair(opts.padding ?? 0, 'Conv2d', 'padding');
    const fanIn = inChannels * k[0] * k[1];
    this.weight = Parameter(new Tensor(new Float32Array(outChannels * fanIn), [outChannels, inChannels, k[0], k[1]]));
    kaimingUniform_(this.weight, Math.sqrt(5), opts.rng);
    if (opts.bias === false) {
      this.bias = null as B extends false ? null : Tensor;
    } else {
      const b = Parameter(new Tensor(new Float32Array(outChannels), [outChannels]));
      // PyTorch leaves the bias uninitialised when fan_in is 0; zeros here.
      if (fanIn > 0) uniform_(b, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn), opts.rng);
      this.bias = b as B extends false ? null : Tensor;
    }
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias, this.stride, this.padding);
  }

  protected override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pairText(this.kernelSize)}, stride=${pairText(this.stride)}`;
    if (this.padding[0] !== 0 || this.padding[1] !== 0) s += `, padding=${pairText(this.padding)}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}

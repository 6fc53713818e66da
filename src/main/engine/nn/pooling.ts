// nn.MaxPool2d and nn.AvgPool2d, and their functional forms. Both are written like PyTorch's:
// (kernelSize, stride?, padding?) positionally, or (kernelSize, { stride, padding, … }); the stride
// defaults to the kernel size.
import type { Tensor } from '../tensor';
import { avgPool2d as avgPoolOp, maxPool2d as maxPoolOp } from '../ops/pool';
import { Module } from './module';
import {
  AVG_POOL2D_OPTIONS, MAX_POOL2D_OPTIONS, checkCountIncludePad, poolOptions, poolPair,
  type AvgPool2dOptions, type IntPair, type MaxPool2dOptions,
} from './conv-args';

type Pair = [number, number];

/** How PyTorch's repr shows a pooling argument: as given, an int or a tuple. */
function shownArg(v: IntPair): string {
  return typeof v === 'number' ? String(v) : v.length === 1 ? `(${v[0]},)` : `(${v[0]}, ${v[1]})`;
}

interface Parsed {
  kernel: Pair;
  stride: Pair;
  padding: Pair;
}

function parse(op: 'max_pool2d' | 'avg_pool2d', kernelSize: IntPair, opts: MaxPool2dOptions): Parsed {
  const kernel = poolPair(kernelSize, op, 'kernel_size');
  return { kernel, stride: poolPair(opts.stride, op, 'stride', kernel), padding: poolPair(opts.padding ?? 0, op, 'padding') };
}

/** F.max_pool2d(input, kernelSize, stride?, padding?) or F.max_pool2d(input, kernelSize, { stride, padding }). */
export function maxPool2d(input: Tensor, kernelSize: IntPair, stride?: IntPair | null | MaxPool2dOptions, padding?: IntPair): Tensor {
  const opts = poolOptions<MaxPool2dOptions>('max_pool2d', MAX_POOL2D_OPTIONS, stride, padding);
  return maxPoolOp(input, parse('max_pool2d', kernelSize, opts));
}

/** F.avg_pool2d(input, kernelSize, stride?, padding?) or F.avg_pool2d(input, kernelSize, { stride, padding, countIncludePad }). */
export function avgPool2d(input: Tensor, kernelSize: IntPair, stride?: IntPair | null | AvgPool2dOptions, padding?: IntPair): Tensor {
  const opts = poolOptions<AvgPool2dOptions>('avg_pool2d', AVG_POOL2D_OPTIONS, stride, padding);
  const countIncludePad = checkCountIncludePad(opts.countIncludePad, 'avg_pool2d');
  return avgPoolOp(input, { ...parse('avg_pool2d', kernelSize, opts), countIncludePad });
}

/** What MaxPool2d and AvgPool2d share: their arguments as given (for the repr) and parsed. */
abstract class Pool2d extends Module {
  readonly kernelSize: IntPair;
  readonly stride: IntPair;
  readonly padding: IntPair;
  protected readonly parsed: Parsed;

  /** `opts` has already passed the subclass's own option checks, which PyTorch runs first. */
  protected constructor(op: 'max_pool2d' | 'avg_pool2d', kernelSize: IntPair, opts: MaxPool2dOptions) {
    super();
    this.parsed = parse(op, kernelSize, opts);
    this.kernelSize = kernelSize;
    this.stride = opts.stride ?? kernelSize;
    this.padding = opts.padding ?? 0;
  }

  protected override extraRepr(): string {
    return `kernel_size=${shownArg(this.kernelSize)}, stride=${shownArg(this.stride)}, padding=${shownArg(this.padding)}`;
  }
}

export class MaxPool2d extends Pool2d {
  constructor(kernelSize: IntPair, stride?: IntPair | null | MaxPool2dOptions, padding?: IntPair) {
    super('max_pool2d', kernelSize, poolOptions<MaxPool2dOptions>('MaxPool2d', MAX_POOL2D_OPTIONS, stride, padding));
  }

  forward(x: Tensor): Tensor {
    return maxPoolOp(x, this.parsed);
  }

  protected override extraRepr(): string {
    return `${super.extraRepr()}, dilation=1, ceil_mode=False`;
  }
}

export class AvgPool2d extends Pool2d {
  readonly countIncludePad: boolean;

  constructor(kernelSize: IntPair, stride?: IntPair | null | AvgPool2dOptions, padding?: IntPair) {
    const opts = poolOptions<AvgPool2dOptions>('AvgPool2d', AVG_POOL2D_OPTIONS, stride, padding);
    const countIncludePad = checkCountIncludePad(opts.countIncludePad, 'AvgPool2d');
    super('avg_pool2d', kernelSize, opts);
    this.countIncludePad = countIncludePad;
  }

  forward(x: Tensor): Tensor {
    return avgPoolOp(x, { ...this.parsed, countIncludePad: this.countIncludePad });
  }

  /** @internal whether this is LeNet's AvgPool2d(2, 2) (no padding), which Sequential can fuse into a Conv2d. */
  get halves(): boolean {
    const { kernel, stride, padding } = this.parsed;
    return kernel[0] === 2 && kernel[1] === 2 && stride[0] === 2 && stride[1] === 2 && padding[0] === 0 && padding[1] === 0;
  }
}

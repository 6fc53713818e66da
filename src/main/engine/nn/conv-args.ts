// PyTorch's argument forms for convolution and pooling (an int or [h, w]; options objects standing
// in for keyword arguments), turned into the [h, w] pairs the ops take, with PyTorch's messages
// for lists of the wrong length.
import { checkOptions, type OptionSpec } from '../options';
import { toPair, fmtSizes, type IntPair } from '../ops/window';

export type { IntPair } from '../ops/window';

/** PyTorch arguments of conv and pooling the engine does not implement, by camelCase name. */
const NOT_IMPLEMENTED = { dilation: 'dilation', groups: 'groups', paddingMode: 'padding_mode', device: 'device', dtype: 'dtype' } as const;

export const CONV2D_OPTIONS: OptionSpec = { allowed: ['stride', 'padding', 'bias', 'rng'], unsupported: NOT_IMPLEMENTED };
export const CONV2D_FUNCTIONAL_OPTIONS: OptionSpec = { allowed: ['stride', 'padding'], unsupported: { dilation: 'dilation', groups: 'groups' } };
export const MAX_POOL2D_OPTIONS: OptionSpec = {
  allowed: ['stride', 'padding'],
  unsupported: { dilation: 'dilation', ceilMode: 'ceil_mode', returnIndices: 'return_indices' },
};
export const AVG_POOL2D_OPTIONS: OptionSpec = {
  allowed: ['stride', 'padding', 'countIncludePad'],
  unsupported: { ceilMode: 'ceil_mode', divisorOverride: 'divisor_override' },
};

function refuseString(value: unknown, op: string, name: string): void {
  if (typeof value === 'string') {
    throw new TypeError(`${op}: ${name}='${value}' is not supported by this engine; give an integer or [h, w]`);
  }
}

/** conv2d's stride or padding: expand_param_if_needed's message for a list of another length. */
export function convPair(value: unknown, op: string, name: 'stride' | 'padding'): [number, number] {
  refuseString(value, op, name);
  const shownList = Array.isArray(value) ? fmtSizes(value as number[]) : String(value);
  return toPair(value, op, name, `expected ${name} to be a single integer value or a list of 2 values to match the convolution dimensions, but got ${name}=${shownList}`);
}

/** A pooling kernel size, stride (null/undefined/[] = the kernel size) or padding, with PyTorch's wording per op. */
export function poolPair(value: unknown, op: 'max_pool2d' | 'avg_pool2d', name: 'kernel_size' | 'stride' | 'padding', kernel?: [number, number]): [number, number] {
  if (name === 'stride' && (value == null || (Array.isArray(value) && value.length === 0))) return kernel!;
  refuseString(value, op, name);
  const wording = {
    kernel_size: 'kernel_size must either be a single int, or a tuple of two ints',
    stride: 'stride must either be omitted, a single int, or a tuple of two ints',
    // PyTorch 1.13's own words, "be either be" included.
    padding: op === 'max_pool2d' ? 'padding must be either be a single int, or a tuple of two ints' : 'padding must either be a single int, or a tuple of two ints',
  }[name];
  return toPair(value, op, name, wording); // toPair prefixes the op: PyTorch's message exactly
}

export interface PoolOptionsBase {
  /** Default: the kernel size (PyTorch's stride=None). */
  stride?: IntPair | null;
  padding?: IntPair;
}

export interface MaxPool2dOptions extends PoolOptionsBase {}

export interface AvgPool2dOptions extends PoolOptionsBase {
  /** PyTorch's count_include_pad (default true): zero padding counts in each window's divisor. */
  countIncludePad?: boolean;
}

/** Whether the argument after the kernel size is an options object rather than a stride. */
export function isOptionsObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The pooling options from either form: (kernel, stride?, padding?) or (kernel, { stride, padding, … }). */
export function poolOptions<T extends PoolOptionsBase>(
  owner: string, spec: OptionSpec, strideOrOptions: IntPair | null | undefined | T, padding: IntPair | undefined,
): T {
  if (isOptionsObject(strideOrOptions)) {
    if (padding !== undefined) throw new TypeError(`${owner}: give padding inside the options object, not after it`);
    return checkOptions(strideOrOptions as T, owner, spec);
  }
  const opts = {} as T;
  if (strideOrOptions != null) opts.stride = strideOrOptions as IntPair;
  if (padding !== undefined) opts.padding = padding;
  return opts;
}

export function checkCountIncludePad(v: unknown, owner: string): boolean {
  if (v === undefined) return true;
  if (typeof v !== 'boolean') throw new TypeError(`${owner}: countIncludePad must be true or false, got ${String(v)}`);
  return v;
}

// Geometry shared by convolution and pooling: PyTorch's int-or-pair arguments (kernel size, stride,
// padding), the sizes it prints in its messages, and the output size of a sliding window.

/** An int, or a list of one or two ints ([h, w]), as PyTorch accepts for kernel_size, stride, padding. */
export type IntPair = number | readonly [number] | readonly [number, number];

/** How PyTorch prints a size inside its conv/pool messages: [2, 3, 5, 5]. */
export function fmtSizes(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function shown(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/**
 * [h, w] from an int or a list of one or two ints. `wrongLength` is the message for a list of
 * another length (each op words it its own way); a non-integer element is a TypeError naming it.
 */
export function toPair(value: unknown, op: string, name: string, wrongLength: string): [number, number] {
  let pair: [unknown, unknown];
  if (typeof value === 'number') pair = [value, value];
  else if (Array.isArray(value)) {
    if (value.length === 1) pair = [value[0], value[0]];
    else if (value.length === 2) pair = [value[0], value[1]];
    else throw new RangeError(`${op}: ${wrongLength}`);
  } else {
    throw new TypeError(`${op}: ${name} must be an integer or a list of two integers, got ${shown(value)}`);
  }
  for (const v of pair) {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new TypeError(`${op}: ${name} must hold integers, got ${shown(value)}`);
    }
  }
  return pair as [number, number];
}

/**
 * Output length of a window of `kernel` sliding by `stride` over `size` elements padded by `pad` on
 * both sides: ⌊(size + 2·pad − kernel) / stride⌋ + 1, rounding toward −∞ as PyTorch's div_rtn does
 * (so a kernel longer than the padded input gives 0 or less, which the callers refuse).
 */
export function windowCount(size: number, kernel: number, pad: number, stride: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

/**
 * The range of output positions [lo, hi) whose window tap at offset `tap` (already shifted by the
 * padding: input index = o·stride + tap) lands inside [0, size). Taps outside read the zero padding.
 */
export function validRange(count: number, size: number, stride: number, tap: number): [number, number] {
  const lo = tap >= 0 ? 0 : Math.ceil(-tap / stride);
  const hi = size - 1 - tap < 0 ? 0 : Math.floor((size - 1 - tap) / stride) + 1;
  return [Math.min(lo, count), Math.max(Math.min(hi, count), Math.min(lo, count))];
}

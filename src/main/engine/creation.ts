// Tensor factories with torch's names. Shapes are number[] (a bare number means a 1-D size);
// random factories take an optional Generator as their last argument.
import { Tensor, type NestedNumbers } from './tensor';
import { checkShape, fmtShape, numelOf } from './shape';
import { defaultGenerator, Generator } from './random';
import { checkOptions, type OptionSpec } from './options';

const UNSUPPORTED_CREATION = { dtype: 'dtype (every tensor is float32)', device: 'device', layout: 'layout', pinMemory: 'pin_memory', out: 'out' };
const CREATE_OPTIONS: OptionSpec = { allowed: ['requiresGrad'], unsupported: UNSUPPORTED_CREATION };
const TENSOR_OPTIONS: OptionSpec = { allowed: ['requiresGrad', 'shape'], unsupported: UNSUPPORTED_CREATION };

export interface CreateOptions {
  requiresGrad?: boolean;
}

export interface TensorOptions extends CreateOptions {
  /** Shape to give flat values (a Float32Array or 1-D array); must hold exactly as many elements. */
  shape?: readonly number[];
}

export type ShapeLike = number | readonly number[];

function toShape(shape: ShapeLike, op: string): number[] {
  return checkShape(typeof shape === 'number' ? [shape] : shape, op);
}

function make(values: Float32Array, shape: readonly number[], opts: CreateOptions | undefined, op: string): Tensor {
  if (opts === undefined) return new Tensor(values, shape);
  checkOptions(opts, op, op === 'tensor' ? TENSOR_OPTIONS : CREATE_OPTIONS);
  return new Tensor(values, shape, opts.requiresGrad ?? false);
}

function inferNested(values: NestedNumbers): { shape: number[]; flat: Float32Array } {
  const shape: number[] = [];
  let probe: NestedNumbers = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const flat = new Float32Array(numelOf(shape));
  let k = 0;
  const walk = (v: NestedNumbers, d: number, path: string): void => {
    if (d === shape.length) {
      if (typeof v !== 'number') throw new TypeError(`tensor: expected a number at ${path || 'top level'}, got a nested array`);
      flat[k++] = v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d]) {
      throw new RangeError(`tensor: expected sequence of length ${shape[d]} at dim ${d} (${path || 'top level'}), got ${Array.isArray(v) ? v.length : typeof v}`);
    }
    for (let i = 0; i < v.length; i++) walk(v[i], d + 1, `${path}[${i}]`);
  };
  walk(values, 0, '');
  return { shape, flat };
}

export function tensor(values: NestedNumbers | Float32Array | Float64Array | Int32Array, opts?: TensorOptions): Tensor {
  let flat: Float32Array;
  let shape: number[];
  if (ArrayBuffer.isView(values)) {
    flat = Float32Array.from(values);
    shape = [flat.length];
  } else {
    ({ shape, flat } = inferNested(values));
  }
  if (opts?.shape !== undefined) {
    const want = checkShape(opts.shape, 'tensor');
    if (numelOf(want) !== flat.length) {
      throw new RangeError(`tensor: ${flat.length} values cannot be viewed as shape ${fmtShape(want)}`);
    }
    shape = want;
  }
  return make(flat, shape, opts, 'tensor');
}

export function zeros(shape: ShapeLike, opts?: CreateOptions): Tensor {
  const s = toShape(shape, 'zeros');
  return make(new Float32Array(numelOf(s)), s, opts, 'zeros');
}

export function ones(shape: ShapeLike, opts?: CreateOptions): Tensor {
  return full(shape, 1, opts);
}

export function full(shape: ShapeLike, value: number, opts?: CreateOptions): Tensor {
  const s = toShape(shape, 'full');
  return make(new Float32Array(numelOf(s)).fill(value), s, opts, 'full');
}

export function zerosLike(t: Tensor, opts?: CreateOptions): Tensor {
  return zeros(t.shape, opts);
}

export function onesLike(t: Tensor, opts?: CreateOptions): Tensor {
  return ones(t.shape, opts);
}

/** arange(end) or arange(start, end, step = 1): values in [start, end). */
export function arange(startOrEnd: number, end?: number, step = 1): Tensor {
  const start = end === undefined ? 0 : startOrEnd;
  const stop = end === undefined ? startOrEnd : end;
  if (step === 0 || !Number.isFinite(step)) throw new RangeError(`arange: step must be nonzero and finite, got ${step}`);
  if ((stop - start) * step < 0) {
    throw new RangeError(`arange: upper bound and larger bound inconsistent with step sign (start ${start}, end ${stop}, step ${step})`);
  }
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return new Tensor(v, [n]);
}

export function linspace(start: number, end: number, steps: number): Tensor {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace: number of steps must be non-negative, got ${steps}`);
  const v = new Float32Array(steps);
  if (steps === 1) v[0] = start;
  else if (steps > 1) {
    // Filled from both ends, as PyTorch does, so the last value is exactly `end`.
    const step = (end - start) / (steps - 1);
    const half = Math.floor(steps / 2);
    for (let i = 0; i < steps; i++) v[i] = i < half ? start + step * i : end - step * (steps - 1 - i);
  }
  return new Tensor(v, [steps]);
}

export function eye(n: number, m = n): Tensor {
  const [r, c] = checkShape([n, m], 'eye');
  const v = new Float32Array(r * c);
  for (let i = 0; i < Math.min(r, c); i++) v[i * c + i] = 1;
  return new Tensor(v, [r, c]);
}

function splitRandomArgs(a?: CreateOptions | Generator, b?: Generator): [CreateOptions | undefined, Generator] {
  if (a instanceof Generator) return [undefined, a];
  return [a, b ?? defaultGenerator];
}

export function randn(shape: ShapeLike, optsOrRng?: CreateOptions | Generator, rng?: Generator): Tensor {
  return normal(0, 1, shape, optsOrRng, rng);
}

export function normal(mean: number, std: number, shape: ShapeLike, optsOrRng?: CreateOptions | Generator, rng?: Generator): Tensor {
  if (!(std >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
  const [opts, g] = splitRandomArgs(optsOrRng, rng);
  const s = toShape(shape, 'normal');
  const v = new Float32Array(numelOf(s));
  for (let i = 0; i < v.length; i++) v[i] = mean + std * g.normal();
  return make(v, s, opts, 'normal');
}

export function rand(shape: ShapeLike, optsOrRng?: CreateOptions | Generator, rng?: Generator): Tensor {
  return uniform(0, 1, shape, optsOrRng, rng);
}

export function uniform(low: number, high: number, shape: ShapeLike, optsOrRng?: CreateOptions | Generator, rng?: Generator): Tensor {
  if (!(low <= high)) throw new RangeError(`uniform expects low <= high, got low=${low}, high=${high}`);
  const [opts, g] = splitRandomArgs(optsOrRng, rng);
  const s = toShape(shape, 'uniform');
  const v = new Float32Array(numelOf(s));
  for (let i = 0; i < v.length; i++) v[i] = low + (high - low) * g.random();
  return make(v, s, opts, 'uniform');
}

/** randint(low, high, shape, rng?): integers in [low, high) stored as floats. */
export function randint(low: number, high: number, shape: ShapeLike, rng?: Generator): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new RangeError(`randint: expected integers low < high, got low=${low}, high=${high}`);
  }
  const g = rng ?? defaultGenerator;
  const s = toShape(shape, 'randint');
  const v = new Float32Array(numelOf(s));
  for (let i = 0; i < v.length; i++) v[i] = low + g.randint(high - low);
  return new Tensor(v, s);
}

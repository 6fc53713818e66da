// In-place updates for initialisers and optimisers. They bypass the graph, so they refuse to touch
// a tensor autograd is tracking unless grad mode is off (noGrad) — as PyTorch refuses for leaves.
import { Tensor, type Operand } from '../tensor';
import { isGradEnabled } from '../autograd';
import { broadcastShapes, expandTo } from '../broadcast';
import { fmtShape, sameShape } from '../shape';
import { defaultGenerator, type Generator } from '../random';

/**
 * PyTorch refuses to write in place into an expanded tensor (several elements share one memory
 * location); fill_ and zero_ are the exceptions it allows. The engine's expand copies, but refuses
 * the same writes so code that runs here also runs in PyTorch.
 */
function refuseOverlap(t: Tensor): void {
  const st = t.strides;
  if (st === null) return;
  for (let d = 0; d < st.length; d++) {
    if (st[d] === 0 && t.shape[d] > 1) {
      throw new Error('unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.');
    }
  }
}

function guard(t: Tensor, op: string, overlapAllowed = false): void {
  if (!overlapAllowed) refuseOverlap(t);
  if (t.requiresGrad && isGradEnabled()) {
    throw new Error(
      t.gradFn === null
        ? `${op}: a leaf Variable that requires grad is being used in an in-place operation (use noGrad(() => …) or .data)`
        : `${op}: in-place operations on tensors recorded in the autograd graph are not supported (use .data)`,
    );
  }
}

/** `other` as an array laid out like `t` (stride 0 for a scalar). */
function operandFor(t: Tensor, other: Operand, op: string): [Float32Array, number] {
  if (typeof other === 'number') return [new Float32Array([other]), 0];
  const v = other.values;
  if (v.length === 1) return [v, 0];
  if (sameShape(other.shape, t.shape)) return [v, 1];
  const shape = broadcastShapes(t.shape, other.shape, op);
  if (!sameShape(shape, t.shape)) {
    throw new RangeError(`${op}: output with shape ${fmtShape(t.shape)} doesn't match the broadcast shape ${fmtShape(shape)}`);
  }
  return [expandTo(v, other.shape, t.shape), 1];
}

export function normalFill(t: Tensor, mean: number, std: number, rng?: Generator): void {
  guard(t, 'normal_');
  if (!(std >= 0)) throw new RangeError(`normal_ expects std >= 0.0, but found std ${std}`);
  const g = rng ?? defaultGenerator;
  const v = t.values;
  for (let i = 0; i < v.length; i++) v[i] = mean + std * g.normal();
}

export function uniformFill(t: Tensor, low: number, high: number, rng?: Generator): void {
  guard(t, 'uniform_');
  if (!(low <= high)) throw new RangeError(`uniform_ expects to return a [from, to) range, but found from=${low} > to=${high}`);
  const g = rng ?? defaultGenerator;
  const v = t.values;
  const span = high - low;
  for (let i = 0; i < v.length; i++) v[i] = low + span * g.random();
}

export function fill(t: Tensor, value: number): void {
  guard(t, 'fill_', true);
  t.values.fill(value);
}

export function copyFrom(t: Tensor, src: Tensor): void {
  guard(t, 'copy_');
  const [v, s] = operandFor(t, src, 'copy_');
  if (s === 0) t.values.fill(v[0]);
  else t.values.set(v);
}

export function addInPlace(t: Tensor, other: Operand, alpha: number): void {
  guard(t, alpha < 0 ? 'sub_' : 'add_');
  const [v, s] = operandFor(t, other, 'add_');
  const x = t.values;
  const a = Math.fround(alpha);
  if (a === 1) for (let i = 0; i < x.length; i++) x[i] += v[i * s];
  else for (let i = 0; i < x.length; i++) x[i] += a * v[i * s];
}

export function mulInPlace(t: Tensor, other: Operand, divide: boolean): void {
  guard(t, divide ? 'div_' : 'mul_');
  const [v, s] = operandFor(t, other, divide ? 'div_' : 'mul_');
  const x = t.values;
  if (divide) for (let i = 0; i < x.length; i++) x[i] /= v[i * s];
  else for (let i = 0; i < x.length; i++) x[i] *= v[i * s];
}

// Dropout: in training, zeroes each element with probability p and scales survivors by 1/(1−p);
// in eval mode it is the identity.
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { defaultGenerator, type Generator } from '../random';
import { Module } from './module';
import { elementwiseStrides } from '../layout';

/**
 * Elements per kernel call: V8 compiles a kernel called many times whole, while one long loop in
 * dropout() itself was compiled mid-loop and deoptimised on every call (3× slower overall).
 */
const BLOCK = 4096;

/**
 * Turns the draws stored in the mask's own bytes into the mask, in place: scale where the draw is
 * at or above the threshold, else 0. In place because a separate draws array placed a multiple of
 * 4 KiB away made the loads wait on the stores (3× slower). `scale · +(a >= b)` rather than `? :`
 * keeps it branch-free: at p = 0.5 a data-dependent branch mispredicts half the time.
 */
function drawsToMask(mask: Float32Array, bits: Uint32Array, threshold: number, scale: number, start: number, end: number): void {
  for (let i = start; i < end; i++) mask[i] = scale * +(bits[i] >= threshold);
}

function applyMask(x: Float32Array, mask: Float32Array, y: Float32Array, start: number, end: number): void {
  for (let i = start; i < end; i++) y[i] = x[i] * mask[i];
}

function shown(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

/**
 * F.dropout(input, p = 0.5, training = true) with PyTorch's defaults: the functional form drops in
 * training mode unless told otherwise (a module passes its own `training`).
 */
export function dropout(x: Tensor, p = 0.5, training = true, rng: Generator = defaultGenerator): Tensor {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${shown(p)}`);
  if (typeof training !== 'boolean') throw new TypeError(`dropout: training must be true or false, got ${String(training)}`);
  if (!training || p === 0 || x.values.length === 0) return x;
  const n = x.values.length;
  const scale = p === 1 ? 0 : 1 / (1 - p);
  // One 32-bit draw per element, dropped when below p·2³² (2³² itself for p = 1: always): the
  // drop probability is p to within 2⁻³², at half the generator work of a 53-bit uniform.
  const threshold = p * 4294967296;
  const mask = new Float32Array(n);
  const bits = new Uint32Array(mask.buffer, mask.byteOffset, n);
  rng.fillUint32(bits);
  const xv = x.values;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i += BLOCK) {
    const end = Math.min(n, i + BLOCK);
    drawsToMask(mask, bits, threshold, scale, i, end);
    applyMask(xv, mask, y, i, end);
  }
  const out = new Tensor(y, x.shape);
  // PyTorch multiplies by a row-major noise tensor (by a 0-d zero for p = 1): the input's layout decides.
  if (x.strides !== null) out.strides = elementwiseStrides(x.shape, [x, { shape: p === 1 ? [] : x.shape, strides: null }]);
  if (!needsGrad(x)) return out;
  // PyTorch's CPU dropout multiplies by a noise tensor: its node is a MulBackward0.
  return record(out, 'MulBackward0', [x], (g) => {
    const d = new Float32Array(n);
    for (let i = 0; i < n; i += BLOCK) applyMask(g, mask, d, i, Math.min(n, i + BLOCK));
    return [d];
  });
}

export class Dropout extends Module {
  readonly p: number;
  private readonly rng: Generator | undefined;

  constructor(p = 0.5, rng?: Generator) {
    super();
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${shown(p)}`);
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

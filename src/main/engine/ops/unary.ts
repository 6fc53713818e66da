// Elementwise functions of one tensor. Backward closures reuse the saved input or output,
// whichever the derivative is cheaper in (exp, sigmoid and tanh use the output).
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { getBackend } from '../backend';
import { reluBackwardTs, reluTs } from '../backend/ts-elementwise';
import { elementwiseStrides } from '../layout';
import { takeStorage } from '../backend/caching-allocator';
import { EXP_INV_STEP, EXP_LIMIT, EXP_OFFSET, EXP_STEP, ROUND_MAGIC, expTable } from '../backend/exp-table';

type Fwd = (x: Float32Array, out: Float32Array, n: number) => void;
/** Writes dL/dx into `d` from the output gradient g, input x and output y. */
type Bwd = (g: Float32Array, x: Float32Array, y: Float32Array, d: Float32Array, n: number) => void;

function unary(a: Tensor, name: string, fwd: Fwd, bwd: Bwd): Tensor {
  const x = a.values;
  const n = x.length;
  const y = takeStorage(n); // every Fwd writes all n elements
  fwd(x, y, n);
  const out = new Tensor(y, a.shape);
  if (a.strides !== null) out.strides = elementwiseStrides(a.shape, [a]);
  if (!needsGrad(a)) return out;
  return record(out, name, [a], (g) => {
    // Every Bwd writes all n elements, so recycled storage needs no clearing.
    const d = takeStorage(n);
    bwd(g, x, y, d, n);
    return [d];
  });
}

export function neg(a: Tensor): Tensor {
  return unary(a, 'NegBackward0',
    (x, y, n) => { for (let i = 0; i < n; i++) y[i] = -x[i]; },
    (g, _x, _y, d, n) => { for (let i = 0; i < n; i++) d[i] = -g[i]; });
}

export function exp(a: Tensor): Tensor {
  return unary(a, 'ExpBackward0',
    (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]); },
    (g, _x, y, d, n) => { for (let i = 0; i < n; i++) d[i] = g[i] * y[i]; });
}

export function log(a: Tensor): Tensor {
  return unary(a, 'LogBackward0',
    (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.log(x[i]); },
    (g, x, _y, d, n) => { for (let i = 0; i < n; i++) d[i] = g[i] / x[i]; });
}

export function sqrt(a: Tensor): Tensor {
  return unary(a, 'SqrtBackward0',
    (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]); },
    (g, _x, y, d, n) => { for (let i = 0; i < n; i++) d[i] = g[i] / (2 * y[i]); });
}

export function abs(a: Tensor): Tensor {
  return unary(a, 'AbsBackward0',
    (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]); },
    // g · sign(x) with sign(0) = sign(NaN) = 0, so a non-finite g at 0 gives NaN as in PyTorch.
    (g, x, _y, d, n) => { for (let i = 0; i < n; i++) d[i] = g[i] * (x[i] > 0 ? 1 : x[i] < 0 ? -1 : 0); });
}

export function relu(a: Tensor): Tensor {
  return unary(a, 'ReluBackward0', reluForward, (g, _x, y, d, n) => reluBackward(g, y, d, n));
}

/** Below this many elements a backend call costs more than the JavaScript loop it replaces. */
const BACKEND_ELEMENTWISE_MIN = 2048;

/** y = relu(x) over n elements (y may be x); large arrays go to the backend's vectorised kernel. */
export function reluForward(x: Float32Array, y: Float32Array, n: number): void {
  if (n >= BACKEND_ELEMENTWISE_MIN) getBackend().relu(x, y, n);
  else reluTs(x, y, n);
}

/** d = g where the ReLU output y > 0, else 0. */
export function reluBackward(g: Float32Array, y: Float32Array, d: Float32Array, n: number): void {
  if (n >= BACKEND_ELEMENTWISE_MIN) getBackend().reluBackward(g, y, d, n);
  else reluBackwardTs(g, y, d, n);
}

export function sigmoid(a: Tensor): Tensor {
  return unary(a, 'SigmoidBackward0', sigmoidForward, sigmoidBackward);
}


/** y = 1 / (1 + e^(−x)) over n elements (y may be x), in float64 before the final rounding. */
export function sigmoidForward(x: Float32Array, y: Float32Array, n: number): void {
  sigmoidRange(x, y, 0, n);
}

/** y[start..end) = sigmoid(y[start..end)), for fused nodes that produce the input themselves. */
export function sigmoidInPlace(y: Float32Array, start: number, end: number): void {
  sigmoidRange(y, y, start, end);
}

function sigmoidRange(x: Float32Array, y: Float32Array, start: number, end: number): void {
  const table = expTable();
  for (let i = start; i < end; i++) {
    let t = -x[i];
    t = t > EXP_LIMIT ? EXP_LIMIT : t < -EXP_LIMIT ? -EXP_LIMIT : t;
    const k = (t * EXP_INV_STEP + ROUND_MAGIC) - ROUND_MAGIC;
    const r = t - k * EXP_STEP;
    // A NaN t survives the clamp; `| 0` turns its index into 0 so the NaN reaches y through r.
    const e = table[(k + EXP_OFFSET) | 0] * (1 + r * (1 + r * (0.5 + r * (1 / 6))));
    y[i] = 1 / (1 + e);
  }
}

/** d = g · y · (1 − y) from the sigmoid's output y (d may be g). */
export function sigmoidBackward(g: Float32Array, _x: Float32Array, y: Float32Array, d: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = y[i];
    d[i] = g[i] * v * (1 - v);
  }
}

export function tanh(a: Tensor): Tensor {
  return unary(a, 'TanhBackward0',
    (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]); },
    (g, _x, y, d, n) => { for (let i = 0; i < n; i++) d[i] = g[i] * (1 - y[i] * y[i]); });
}

/** clamp(min?, max?): the gradient passes where min <= x <= max (PyTorch's convention). */
export function clamp(a: Tensor, min: number | null, max: number | null): Tensor {
  if (min === null && max === null) throw new RangeError("clamp: at least one of 'min' or 'max' must not be None");
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  return unary(a, 'ClampBackward1',
    (x, y, n) => {
      for (let i = 0; i < n; i++) { const v = x[i]; y[i] = v !== v ? v : v < lo ? lo : v > hi ? hi : v; }
      if (lo > hi) y.fill(hi);
    },
    (g, x, _y, d, n) => { for (let i = 0; i < n; i++) d[i] = x[i] >= lo && x[i] <= hi ? g[i] : 0; });
}

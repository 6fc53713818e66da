// Elementwise functions of one tensor. Backward closures reuse the saved input or output,
// whichever the derivative is cheaper in (exp, sigmoid and tanh use the output).
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { getBackend } from '../backend';
import { reluBackwardTs, reluTs } from '../backend/ts-elementwise';
import { elementwiseStrides } from '../layout';

type Fwd = (x: Float32Array, out: Float32Array, n: number) => void;
/** Writes dL/dx into `d` from the output gradient g, input x and output y. */
type Bwd = (g: Float32Array, x: Float32Array, y: Float32Array, d: Float32Array, n: number) => void;

function unary(a: Tensor, name: string, fwd: Fwd, bwd: Bwd): Tensor {
  const x = a.values;
  const n = x.length;
  const y = new Float32Array(n);
  fwd(x, y, n);
  const out = new Tensor(y, a.shape);
  if (a.strides !== null) out.strides = elementwiseStrides(a.shape, [a]);
  if (!needsGrad(a)) return out;
  return record(out, name, [a], (g) => {
    const d = new Float32Array(n);
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
  return unary(a, 'SigmoidBackward0',
    (x, y, n) => {
      for (let i = 0; i < n; i++) {
        const v = x[i];
        // Split by sign so exp never overflows.
        if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
        else { const e = Math.exp(v); y[i] = e / (1 + e); }
      }
    },
    (g, _x, y, d, n) => { for (let i = 0; i < n; i++) d[i] = g[i] * y[i] * (1 - y[i]); });
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

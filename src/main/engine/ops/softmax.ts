// softmax, logSoftmax and logsumexp along one dim, all shifted by the slice max so large logits
// never overflow exp().
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { normDim, splitAt } from '../shape';

/**
 * Per-slice log-sum-exp of x along the middle axis of (outer, size, inner), in double, shifted by
 * the slice max so large values never overflow exp(). A NaN anywhere gives NaN and a slice of only
 * −inf (or an empty one) gives −inf. A +inf max is where PyTorch's kernels part: logsumexp shifts
 * by 0 instead (`infShiftsByZero`, giving +inf), softmax's shifts by it (giving NaN).
 */
function sliceLse(x: Float32Array, outer: number, size: number, inner: number, infShiftsByZero: boolean): Float64Array {
  const lse = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let m = -Infinity;
      for (let l = 0; l < size; l++) {
        const v = x[base + l * inner];
        if (v !== v) { m = v; break; }
        if (v > m) m = v;
      }
      if (m !== m || m === -Infinity) { lse[o * inner + i] = m; continue; }
      const shift = m === Infinity && infShiftsByZero ? 0 : m;
      let s = 0;
      for (let l = 0; l < size; l++) s += Math.exp(x[base + l * inner] - shift);
      lse[o * inner + i] = shift + Math.log(s);
    }
  }
  return lse;
}

function layout(a: Tensor, dim: number, op: string): [number, number, number] {
  return splitAt(a.shape, normDim(dim, a.shape.length, op));
}

/** x − logsumexp(x) along the slices (log-softmax), exponentiated for softmax. */
function normalized(x: Float32Array, outer: number, size: number, inner: number, exponentiate: boolean): Float32Array {
  const lse = sliceLse(x, outer, size, inner, false);
  const y = new Float32Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let l = 0; l < size; l++) {
      const base = (o * size + l) * inner;
      for (let i = 0; i < inner; i++) {
        const v = x[base + i] - lse[o * inner + i];
        y[base + i] = exponentiate ? Math.exp(v) : v;
      }
    }
  }
  return y;
}

/** Calls `slice(first, stride)` for every slice along the dim: its elements are first + l·stride. */
function eachSlice(outer: number, size: number, inner: number, slice: (first: number, stride: number) => void): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) slice(o * size * inner + i, inner);
  }
}

/** log_softmax's backward on one slice: d = g − exp(y)·Σg. */
function logSoftmaxSliceGrad(g: Float32Array, y: Float32Array, d: Float32Array, first: number, stride: number, size: number): void {
  let s = 0;
  for (let l = 0; l < size; l++) s += g[first + l * stride];
  for (let l = 0; l < size; l++) { const k = first + l * stride; d[k] = g[k] - Math.exp(y[k]) * s; }
}

/** softmax's backward on one slice: d = y·(g − Σg·y). */
function softmaxSliceGrad(g: Float32Array, y: Float32Array, d: Float32Array, first: number, stride: number, size: number): void {
  let s = 0;
  for (let l = 0; l < size; l++) { const k = first + l * stride; s += g[k] * y[k]; }
  for (let l = 0; l < size; l++) { const k = first + l * stride; d[k] = y[k] * (g[k] - s); }
}

/** softmax and log_softmax walk the same slices forward and back; only exp() and the slice rule differ. */
function normalizedOp(a: Tensor, dim: number, log: boolean): Tensor {
  const [outer, size, inner] = layout(a, dim, log ? 'log_softmax' : 'softmax');
  const y = normalized(a.values, outer, size, inner, !log);
  const out = new Tensor(y, a.shape);
  if (!needsGrad(a)) return out;
  const sliceGrad = log ? logSoftmaxSliceGrad : softmaxSliceGrad;
  return record(out, log ? 'LogSoftmaxBackward0' : 'SoftmaxBackward0', [a], (g) => {
    const d = new Float32Array(y.length);
    eachSlice(outer, size, inner, (first, stride) => sliceGrad(g, y, d, first, stride, size));
    return [d];
  });
}

export function logSoftmax(a: Tensor, dim: number): Tensor {
  return normalizedOp(a, dim, true);
}

export function softmax(a: Tensor, dim: number): Tensor {
  return normalizedOp(a, dim, false);
}

export function logsumexp(a: Tensor, dim: number, keepdim: boolean): Tensor {
  const dn = normDim(dim, a.shape.length, 'logsumexp');
  const [outer, size, inner] = splitAt(a.shape, dn);
  const x = a.values;
  const y = new Float32Array(sliceLse(x, outer, size, inner, true));
  const shape = a.shape.slice();
  if (shape.length > 0) {
    if (keepdim) shape[dn] = 1;
    else shape.splice(dn, 1);
  }
  const out = new Tensor(y, shape);
  if (!needsGrad(a)) return out;
  // exp(x − result) with the float32 result, as PyTorch's backward reads it: NaN only where x is
  // the +inf that made the result infinite.
  return record(out, 'LogsumexpBackward0', [a], (g) => {
    const d = new Float32Array(x.length);
    for (let o = 0; o < outer; o++) {
      for (let l = 0; l < size; l++) {
        const base = (o * size + l) * inner;
        for (let i = 0; i < inner; i++) {
          const r = o * inner + i;
          d[base + i] = g[r] * Math.exp(x[base + i] - y[r]);
        }
      }
    }
    return [d];
  });
}

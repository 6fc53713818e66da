// indexSelect and gather: integer-indexed reads whose backward scatter-adds the gradient, so a
// repeated index accumulates like PyTorch's index_add.
import { Tensor, type IndexLike } from '../tensor';
import { needsGrad, record } from '../autograd';
import { fmtShape, normDim, splitAt } from '../shape';

/**
 * Integer indices from a Tensor or array, each checked against [0, size): like PyTorch, index_select
 * and gather do not count negative indices from the end (plain indexing does, they do not).
 */
function toIndices(index: IndexLike, size: number, outOfRange: (v: number) => string): Int32Array {
  const src = index instanceof Tensor ? index.values : index;
  const out = new Int32Array(src.length);
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (!Number.isInteger(v) || v < 0 || v >= size) throw new RangeError(outOfRange(v));
    out[i] = v;
  }
  return out;
}

/**
 * PyTorch 1.13's words for an index outside [0, size), which depend on the kernel it picks: the
 * one for dim 1 (and for empty tensors) names the index, the general one does not.
 */
function indexSelectRefusal(a: Tensor, d: number, v: number): string {
  const size = a.shape[d] ?? 1;
  const hint = ` (index ${v} along dimension ${d} of size ${size}; indices must be integers in [0, ${size - 1}])`;
  if (a.shape.length <= 1) return `index out of range in self${hint}`;
  if (a.values.length === 0 && size === 0) return `self indexing axis dim should be positive${hint}`;
  if (d === 1 || a.values.length === 0) return `INDICES element is out of DATA bounds, id=${v} axis_dim=${size}`;
  return `index out of range in self${hint}`;
}

export function indexSelect(a: Tensor, dim: number, index: IndexLike): Tensor {
  const nd = a.shape.length;
  const d = normDim(dim, nd, 'index_select');
  if (index instanceof Tensor && index.shape.length > 1) {
    throw new RangeError(`index_select(): Index is supposed to be a vector, got shape ${fmtShape(index.shape)}`);
  }
  const [outer, size, inner] = splitAt(a.shape, d);
  const idx = toIndices(index, size, (v) => `index_select(): ${indexSelectRefusal(a, d, v)}`);
  // A 0-d tensor gives a 0-d result, as in PyTorch (only index 0 is valid there).
  const k = nd === 0 ? Math.min(idx.length, 1) : idx.length;
  const shape = nd === 0 ? [] : a.shape.slice();
  if (nd > 0) shape[d] = k;
  const x = a.values;
  const y = new Float32Array(outer * k * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < k; j++) {
      const src = (o * size + idx[j]) * inner;
      const dst = (o * k + j) * inner;
      if (inner === 1) y[dst] = x[src];
      else y.set(x.subarray(src, src + inner), dst);
    }
  }
  const out = new Tensor(y, shape);
  if (!needsGrad(a)) return out;
  return record(out, 'IndexSelectBackward0', [a], (g) => {
    const dx = new Float32Array(x.length);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < k; j++) {
        const dst = (o * size + idx[j]) * inner;
        const src = (o * k + j) * inner;
        for (let i = 0; i < inner; i++) dx[dst + i] += g[src + i];
      }
    }
    return [dx];
  });
}

/** out[i][j] = a[i][index[i][j]] for dim 1 (and likewise for any dim); index has a's ndim. */
export function gather(a: Tensor, dim: number, index: IndexLike): Tensor {
  const nd = a.shape.length;
  const d = normDim(dim, nd, 'gather');
  const iShape = index instanceof Tensor ? index.shape : [index.length];
  if (iShape.length !== Math.max(nd, 1) && !(nd === 0 && iShape.length <= 1)) {
    throw new RangeError(`gather(): Index tensor must have the same number of dimensions as input tensor: index ${fmtShape(iShape)}, input ${fmtShape(a.shape)}`);
  }
  for (let i = 0; i < nd; i++) {
    if (i !== d && iShape[i] > a.shape[i]) {
      throw new RangeError(`gather(): Size does not match at dimension ${i} expected index ${fmtShape(iShape)} to be smaller than self ${fmtShape(a.shape)} apart from dimension ${d}`);
    }
  }
  const size = nd === 0 ? 1 : a.shape[d];
  const idx = toIndices(index, size, (v) => `gather(): index ${v} is out of bounds for dimension ${d} with size ${size}`);
  const strides = new Array<number>(nd);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) { strides[i] = s; s *= a.shape[i]; }
  // Source offset of each output element, computed once and reused by backward.
  const src = new Int32Array(idx.length);
  const counter = new Int32Array(iShape.length);
  let base = 0;
  for (let o = 0; o < idx.length; o++) {
    src[o] = base + (nd === 0 ? 0 : idx[o] * strides[d]);
    for (let q = iShape.length - 1; q >= 0; q--) {
      counter[q]++;
      if (q !== d) base += strides[q];
      if (counter[q] < iShape[q]) break;
      if (q !== d) base -= strides[q] * iShape[q];
      counter[q] = 0;
    }
  }
  const x = a.values;
  const y = new Float32Array(idx.length);
  for (let o = 0; o < y.length; o++) y[o] = x[src[o]];
  const out = new Tensor(y, iShape.slice());
  if (!needsGrad(a)) return out;
  return record(out, 'GatherBackward0', [a], (g) => {
    const dx = new Float32Array(x.length);
    for (let o = 0; o < src.length; o++) dx[src[o]] += g[o];
    return [dx];
  });
}

// Shape ops. Storage is always row-major, so reshape-like ops share it (gradient passed through)
// while transpose, permute and expand copy; every result also records the strides PyTorch would
// give it (layout.ts), so view() refuses exactly what PyTorch refuses.
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { expandTo, sumTo, broadcastShapes } from '../broadcast';
import { fmtShape, inferShape, normDim, numelOf, sameShape, splitAt } from '../shape';
import {
  catStrides, contiguousStrides, expandStrides, normalize, preservedStrides, unsqueezeStrides, viewStrides, type Strides,
} from '../layout';

const VIEW_REFUSED = "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

function stridesOf(a: Tensor): Strides {
  return a.strides ?? contiguousStrides(a.shape);
}

/** A tensor over `values` whose PyTorch strides are `strides` (stored as null when row-major). */
function withStrides(values: Float32Array, shape: readonly number[], strides: Strides | null): Tensor {
  const out = new Tensor(values, shape);
  if (strides !== null) out.strides = normalize(shape, strides);
  return out;
}

/** An alias of `a`'s storage with a new shape; backward passes the gradient through unchanged. */
function alias(a: Tensor, shape: readonly number[], strides: Strides | null, name: string): Tensor {
  const out = withStrides(a.values, shape, strides);
  if (!needsGrad(a)) return out;
  return record(out, name, [a], (g) => [g]);
}

export function clone(a: Tensor): Tensor {
  const out = withStrides(a.values.slice(), a.shape, preservedStrides(a.shape, a.strides));
  if (!needsGrad(a)) return out;
  return record(out, 'CloneBackward0', [a], (g) => [g]);
}

/** contiguous() of a non-contiguous tensor: a row-major copy. */
export function contiguousCopy(a: Tensor): Tensor {
  const out = new Tensor(a.values.slice(), a.shape);
  if (!needsGrad(a)) return out;
  return record(out, 'CloneBackward0', [a], (g) => [g]);
}

/**
 * reshape / view. Where PyTorch can view the memory with the new shape the result is an alias;
 * where it cannot, view() fails with PyTorch's message and reshape() copies, as PyTorch does.
 */
export function reshape(a: Tensor, shape: readonly number[], op = 'reshape'): Tensor {
  const s = inferShape(shape, a.values.length, op, a.shape);
  if (a.strides === null) return alias(a, s, null, op === 'view' ? 'ViewBackward0' : 'ReshapeAliasBackward0');
  const st = viewStrides(a.shape, a.strides, s);
  if (st !== null) return alias(a, s, st, op === 'view' ? 'ViewBackward0' : 'ReshapeAliasBackward0');
  if (op === 'view') throw new RangeError(VIEW_REFUSED);
  const out = new Tensor(a.values.slice(), s);
  if (!needsGrad(a)) return out;
  return record(out, 'UnsafeViewBackward0', [a], (g) => [g]);
}

function permuteValues(x: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const nd = shape.length;
  const out = new Float32Array(x.length);
  if (x.length === 0) return out;
  const inStrides = new Array<number>(nd);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) { inStrides[i] = s; s *= shape[i]; }
  const oShape = perm.map((p) => shape[p]);
  const oStrides = perm.map((p) => inStrides[p]);
  if (nd === 2 && perm[0] === 1) {
    const r = shape[0], c = shape[1];
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = x[i * c + j];
    return out;
  }
  const idx = new Int32Array(nd);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = x[src];
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      src += oStrides[d];
      if (idx[d] < oShape[d]) break;
      src -= oStrides[d] * oShape[d];
      idx[d] = 0;
    }
  }
  return out;
}

export function permute(a: Tensor, dims: readonly number[]): Tensor {
  return permuteAs(a, dims, 'PermuteBackward0');
}

function permuteAs(a: Tensor, dims: readonly number[], name: string): Tensor {
  const nd = a.shape.length;
  if (dims.length !== nd) {
    throw new RangeError(`permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${nd} is not equal to len(dims) = ${dims.length}`);
  }
  const perm = dims.map((d) => normDim(d, nd, 'permute'));
  if (new Set(perm).size !== nd) throw new RangeError('permute(): duplicate dims are not allowed.');
  const st = stridesOf(a);
  const out = withStrides(permuteValues(a.values, a.shape, perm), perm.map((p) => a.shape[p]), perm.map((p) => st[p]));
  if (!needsGrad(a)) return out;
  const inverse = new Array<number>(nd);
  perm.forEach((p, i) => { inverse[p] = i; });
  return record(out, name, [a], (g) => [permuteValues(g, out.shape, inverse)]);
}

export function transpose(a: Tensor, dim0: number, dim1: number): Tensor {
  const nd = a.shape.length;
  const d0 = normDim(dim0, nd, 'transpose');
  const d1 = normDim(dim1, nd, 'transpose');
  const perm = a.shape.map((_, i) => i);
  if (nd > 0) {
    perm[d0] = d1;
    perm[d1] = d0;
  }
  return permuteAs(a, perm, 'TransposeBackward0');
}

export function flatten(a: Tensor, startDim: number, endDim: number): Tensor {
  const nd = a.shape.length;
  if (nd === 0) return reshape(a, [1], 'flatten');
  const s = normDim(startDim, nd, 'flatten');
  const e = normDim(endDim, nd, 'flatten');
  if (s > e) throw new RangeError('flatten() has invalid args: start_dim cannot come after end_dim');
  const shape = [...a.shape.slice(0, s), numelOf(a.shape.slice(s, e + 1)), ...a.shape.slice(e + 1)];
  return reshape(a, shape, 'flatten');
}

export function unsqueeze(a: Tensor, dim: number): Tensor {
  const d = normDim(dim, a.shape.length + 1, 'unsqueeze');
  const shape = a.shape.slice();
  shape.splice(d, 0, 1);
  return alias(a, shape, a.strides === null ? null : unsqueezeStrides(a.shape, a.strides, d), 'UnsqueezeBackward0');
}

export function squeeze(a: Tensor, dim?: number): Tensor {
  const nd = a.shape.length;
  const st = a.strides;
  if (dim === undefined) {
    const keep = a.shape.map((s, i) => i).filter((i) => a.shape[i] !== 1);
    return alias(a, keep.map((i) => a.shape[i]), st === null ? null : keep.map((i) => st[i]), 'SqueezeBackward0');
  }
  const d = normDim(dim, nd, 'squeeze');
  if (nd === 0 || a.shape[d] !== 1) return alias(a, a.shape, st, 'SqueezeBackward1');
  const shape = a.shape.slice();
  shape.splice(d, 1);
  let strides: number[] | null = null;
  if (st !== null) {
    strides = st.slice();
    strides.splice(d, 1);
  }
  return alias(a, shape, strides, 'SqueezeBackward1');
}

/** expand(...sizes): broadcast to a larger shape (-1 keeps a size); copies here, unlike PyTorch. */
export function expand(a: Tensor, sizes: readonly number[]): Tensor {
  const lead = sizes.length - a.shape.length;
  if (lead < 0) throw new RangeError(`expand(torch.FloatTensor{[${a.shape.join(', ')}]}, size=[${sizes.join(', ')}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${a.shape.length})`);
  const target = sizes.map((s, i) => (s === -1 ? (i >= lead ? a.shape[i - lead] : NaN) : s));
  const shape = broadcastShapes(a.shape, target, 'expand');
  if (!sameShape(shape, target)) throw new RangeError(`expand: cannot expand ${fmtShape(a.shape)} to ${fmtShape(target)}`);
  const out = withStrides(expandTo(a.values, a.shape, shape), shape, expandStrides(a.shape, stridesOf(a), shape));
  if (!needsGrad(a)) return out;
  return record(out, 'ExpandBackward0', [a], (g) => [sumTo(g, shape, a.shape)]);
}

export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('cat: expected a non-empty list of Tensors');
  const first = tensors[0];
  const nd = first.shape.length;
  if (nd === 0) throw new RangeError('cat: zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normDim(dim, nd, 'cat');
  let total = 0;
  tensors.forEach((t, k) => {
    const ok = t.shape.length === nd && t.shape.every((s, i) => i === d || s === first.shape[i]);
    if (!ok) {
      throw new RangeError(`cat: sizes of tensors must match except in dimension ${d}: got ${fmtShape(first.shape)} and ${fmtShape(t.shape)} (tensor ${k})`);
    }
    total += t.shape[d];
  });
  const shape = first.shape.slice();
  shape[d] = total;
  const [outer, , inner] = splitAt(shape, d);
  const out = new Float32Array(numelOf(shape));
  const rowOut = total * inner;
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    const chunk = t.shape[d] * inner;
    for (let o = 0; o < outer; o++) out.set(t.values.subarray(o * chunk, (o + 1) * chunk), o * rowOut + offset);
    offsets.push(offset);
    offset += chunk;
  }
  const result = new Tensor(out, shape);
  result.strides = catStrides(shape, tensors);
  if (!tensors.some((t) => needsGrad(t))) return result;
  return record(result, 'CatBackward0', tensors, (g) => tensors.map((t, k) => {
    if (!t.requiresGrad) return null;
    const chunk = t.shape[d] * inner;
    const gi = new Float32Array(t.values.length);
    for (let o = 0; o < outer; o++) gi.set(g.subarray(o * rowOut + offsets[k], o * rowOut + offsets[k] + chunk), o * chunk);
    return gi;
  }));
}

export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new RangeError('stack: expected a non-empty list of Tensors');
  const first = tensors[0];
  tensors.forEach((t, k) => {
    if (!sameShape(t.shape, first.shape)) {
      throw new RangeError(`stack: expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${k}`);
    }
  });
  const d = normDim(dim, first.shape.length + 1, 'stack');
  return cat(tensors.map((t) => unsqueeze(t, d)), d);
}

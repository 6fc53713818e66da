// The strides a tensor would have in PyTorch. The engine always stores values densely in row-major
// order (transpose, permute and expand copy), but PyTorch's view() refuses a tensor whose memory
// layout cannot be reinterpreted, and whether that happens depends on the strides PyTorch would
// have given it. So every tensor carries those strides (null when they are the plain row-major
// ones) and each op computes its result's strides by PyTorch's own rules, ported here:
// view geometry (computeStride), expand/unsqueeze geometry, TensorIterator's output layout for
// elementwise ops, and preserve-format for clone. The values never depend on them.

export type Strides = readonly number[];

/** Row-major strides, as PyTorch gives a freshly allocated tensor (sizes of 0 count as 1). */
export function contiguousStrides(shape: readonly number[]): number[] {
  const n = shape.length;
  const st = new Array<number>(n);
  let s = 1;
  for (let d = n - 1; d >= 0; d--) {
    st[d] = s;
    s *= Math.max(shape[d], 1);
  }
  return st;
}

/** null when `strides` are exactly the row-major ones (so the common case costs one comparison later). */
export function normalize(shape: readonly number[], strides: Strides): Strides | null {
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (strides[d] !== s) return strides;
    s *= Math.max(shape[d], 1);
  }
  return null;
}

export function numel(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** PyTorch's is_contiguous(): strides of size-1 dims do not matter, an empty tensor always is. */
export function isContiguous(shape: readonly number[], strides: Strides | null): boolean {
  if (strides === null || numel(shape) === 0) return true;
  let z = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1) {
      if (strides[d] !== z) return false;
      z *= shape[d];
    }
  }
  return true;
}

/** PyTorch's is_non_overlapping_and_dense(): a permutation of a contiguous layout. */
export function isNonOverlappingAndDense(shape: readonly number[], strides: Strides): boolean {
  const n = shape.length;
  if (n === 0) return true;
  if (n === 1) return shape[0] < 2 || strides[0] === 1;
  const perm = shape.map((_, i) => i);
  // std::sort is not stable, but this comparator is a strict weak order on the dims that count.
  perm.sort((a, b) => {
    if (shape[a] < 2 && shape[b] < 2) return 0;
    if (shape[a] < 2) return 1;
    if (shape[b] < 2) return -1;
    return strides[a] - strides[b];
  });
  let require = 1;
  for (const d of perm) {
    if (shape[d] < 2) return true;
    if (strides[d] !== require) return false;
    require *= shape[d];
  }
  return true;
}

const CL_ORDER = [1, 3, 2, 0];

/** PyTorch's is_contiguous(memory_format=torch.channels_last) for a 4-D tensor. */
function isChannelsLastContiguous(shape: readonly number[], strides: Strides): boolean {
  if (shape.length !== 4) return false;
  let expected = 1;
  for (const d of CL_ORDER) {
    if (shape[d] !== 1) {
      if (strides[d] !== expected) return false;
      expected *= shape[d];
    }
  }
  return true;
}

/** PyTorch's is_strides_like_channels_last() for a 4-D tensor (what suggest_memory_format reads). */
function isStridesLikeChannelsLast(shape: readonly number[], strides: Strides): boolean {
  if (shape.length !== 4 || strides[1] === 0) return false;
  let min = 0;
  for (const d of CL_ORDER) {
    if (shape[d] === 0 || strides[d] < min) return false;
    if (d === 0 && min === strides[1]) return false;
    min = strides[d];
    if (shape[d] > 1) min *= shape[d];
  }
  return true;
}

function channelsLastStrides(shape: readonly number[]): number[] {
  const st = [0, 1, 0, 0];
  st[3] = shape[1];
  st[2] = st[3] * shape[3];
  st[0] = st[2] * shape[2];
  return st;
}

/** The layout PyTorch's suggest_memory_format() picks for a result: row-major unless channels-last. */
export function suggestedStrides(shape: readonly number[], strides: Strides | null): Strides | null {
  if (strides !== null && isStridesLikeChannelsLast(shape, strides)) return normalize(shape, channelsLastStrides(shape));
  return null;
}

/** Whether suggest_memory_format() picks channels-last for this tensor (4-D, strides like NHWC). */
export function suggestsChannelsLast(shape: readonly number[], strides: Strides | null): boolean {
  return strides !== null && isStridesLikeChannelsLast(shape, strides);
}

/** The channels-last layout of a 4-D result (null in the rare shapes where it is the row-major one). */
export function channelsLastLayout(shape: readonly number[]): Strides | null {
  return normalize(shape, channelsLastStrides(shape));
}

/** cat()'s result: channels-last only when every input suggests it (PyTorch's compute_output_memory_format). */
export function catStrides(shape: readonly number[], inputs: readonly Operand[]): Strides | null {
  if (shape.length !== 4 || numel(shape) === 0) return null;
  if (!inputs.every((t) => t.strides !== null && isStridesLikeChannelsLast(t.shape, t.strides))) return null;
  return normalize(shape, channelsLastStrides(shape));
}

/** clone() / empty_like with preserve_format: a dense layout is kept as is, anything else is suggested anew. */
export function preservedStrides(shape: readonly number[], strides: Strides | null): Strides | null {
  if (strides === null || isNonOverlappingAndDense(shape, strides)) return strides;
  return suggestedStrides(shape, strides);
}

/**
 * PyTorch's computeStride (the geometry of view()): strides that let `newShape` read the same
 * memory as (oldShape, oldStrides), or null when some new dim would span two separate chunks.
 */
export function viewStrides(oldShape: readonly number[], oldStrides: Strides, newShape: readonly number[]): number[] | null {
  if (oldShape.length === 0) return newShape.map(() => 1);
  const total = numel(oldShape);
  if (total === 0 && oldShape.length === newShape.length && oldShape.every((s, i) => s === newShape[i])) return oldStrides.slice();
  const newStrides = new Array<number>(newShape.length);
  if (total === 0) {
    for (let d = newShape.length - 1; d >= 0; d--) {
      newStrides[d] = d === newShape.length - 1 ? 1 : Math.max(newShape[d + 1], 1) * newStrides[d + 1];
    }
    return newStrides;
  }
  let viewD = newShape.length - 1;
  let chunkBaseStride = oldStrides[oldStrides.length - 1];
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
    tensorNumel *= oldShape[tensorD];
    const chunkEnds = tensorD === 0
      || (oldShape[tensorD - 1] !== 1 && oldStrides[tensorD - 1] !== tensorNumel * chunkBaseStride);
    if (!chunkEnds) continue;
    while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
      newStrides[viewD] = viewNumel * chunkBaseStride;
      viewNumel *= newShape[viewD];
      viewD--;
    }
    if (viewNumel !== tensorNumel) return null;
    if (tensorD > 0) {
      chunkBaseStride = oldStrides[tensorD - 1];
      tensorNumel = 1;
      viewNumel = 1;
    }
  }
  return viewD === -1 ? newStrides : null;
}

/** Strides after unsqueeze(dim) (PyTorch's inferUnsqueezeGeometry). */
export function unsqueezeStrides(shape: readonly number[], strides: Strides, dim: number): number[] {
  const out = strides.slice();
  out.splice(dim, 0, dim >= shape.length ? 1 : shape[dim] * strides[dim]);
  return out;
}

/** Strides after expand (PyTorch's inferExpandGeometry): a grown or new dim reads one element (stride 0). */
export function expandStrides(shape: readonly number[], strides: Strides, target: readonly number[]): number[] {
  const nd = target.length;
  const out = new Array<number>(nd);
  for (let i = nd - 1; i >= 0; i--) {
    const dim = shape.length - nd + i;
    const size = dim >= 0 ? shape[dim] : 1;
    let stride = dim >= 0 ? strides[dim] : target[i + 1] * out[i + 1];
    if (size !== target[i]) stride = 0;
    out[i] = stride;
  }
  return out;
}

export interface Operand {
  readonly shape: readonly number[];
  readonly strides: Strides | null;
}

/**
 * The strides TensorIterator gives the output of an elementwise op over `operands` (inputs in
 * argument order; a number operand is a 0-d tensor, as PyTorch wraps it). Fast path first: inputs
 * of one shape that are all contiguous, all channels-last, or all dense with equal strides lend
 * that layout. Otherwise the dims are ordered fastest-first by the inputs' strides (insertion sort
 * with ambiguous comparisons, broadcast dims ignored) and the output is dense in that order.
 */
export function elementwiseStrides(outShape: readonly number[], operands: readonly Operand[]): Strides | null {
  const nd = outShape.length;
  if (nd === 0 || numel(outShape) === 0) return null;
  let sameShape = true;
  let hasScalar = false;
  let hasTensor = false;
  for (const op of operands) {
    if (op.shape.length === 0) hasScalar = true;
    else hasTensor = true;
    if (op.shape.length !== nd || op.shape.some((s, i) => s !== outShape[i])) sameShape = false;
  }
  if (hasScalar && hasTensor) sameShape = false;
  const full = operands.map((op) => op.strides ?? contiguousStrides(op.shape));
  if (sameShape) {
    if (operands.every((op) => isContiguous(op.shape, op.strides))) return null;
    if (operands.every((op, k) => isChannelsLastContiguous(op.shape, full[k]))) return normalize(outShape, channelsLastStrides(outShape));
    if (operands.every((op, k) => isNonOverlappingAndDense(op.shape, full[k]))) {
      // PyTorch checks from the last input back; any difference sends it to the general path.
      const first = full[full.length - 1];
      if (full.every((s) => s.every((v, i) => v === first[i]))) return normalize(outShape, full[0]);
    }
  }
  // Strides of each operand aligned to the output (0 where it broadcasts).
  const aligned = operands.map((op, k) => {
    const st = new Array<number>(nd).fill(0);
    const off = nd - op.shape.length;
    for (let i = 0; i < op.shape.length; i++) {
      st[off + i] = op.shape[i] === 1 && outShape[off + i] !== 1 ? 0 : full[k][i];
    }
    return st;
  });
  // perm[0] is the fastest-moving dim; start from row-major order.
  const perm = new Array<number>(nd);
  for (let i = 0; i < nd; i++) perm[i] = nd - 1 - i;
  const shouldSwap = (d0: number, d1: number): number => {
    for (const st of aligned) {
      const s0 = st[d0], s1 = st[d1];
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (outShape[d0] > outShape[d1]) return 1;
    }
    return 0;
  };
  for (let i = 1; i < nd; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(perm[d0], perm[d1]);
      if (c > 0) {
        const t = perm[d0];
        perm[d0] = perm[d1];
        perm[d1] = t;
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  const out = new Array<number>(nd);
  let s = 1;
  for (let i = 0; i < nd; i++) {
    out[perm[i]] = s;
    s *= outShape[perm[i]];
  }
  return normalize(outShape, out);
}

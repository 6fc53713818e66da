// NumPy/PyTorch broadcasting: the result shape of two operands, expanding an operand to it, and
// summing a gradient back down to an operand's shape.
import { fmtShape, numelOf } from './shape';

export function broadcastShapes(a: readonly number[], b: readonly number[], op: string): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast: the size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides of `shape` read as if it had `outShape` (0 where a dim is broadcast). */
function alignedStrides(shape: readonly number[], outShape: readonly number[]): Int32Array {
  const nd = outShape.length;
  const st = new Int32Array(nd);
  let s = 1;
  for (let i = nd - 1; i >= 0; i--) {
    const j = shape.length - nd + i;
    const d = j >= 0 ? shape[j] : 1;
    st[i] = d === 1 ? 0 : s;
    s *= d;
  }
  return st;
}

/**
 * Walks the output in rows of its last dim, calling `row(outOffset, srcOffset, srcStride, len)`.
 * One callback per row, not per element.
 */
function forEachRow(
  shape: readonly number[], outShape: readonly number[],
  row: (o: number, base: number, stride: number, len: number) => void,
): void {
  const nd = outShape.length;
  if (nd === 0) {
    row(0, 0, 0, 1);
    return;
  }
  const st = alignedStrides(shape, outShape);
  const last = outShape[nd - 1];
  const sl = st[nd - 1];
  const total = numelOf(outShape);
  if (total === 0) return;
  const idx = new Int32Array(nd);
  let base = 0;
  for (let o = 0; o < total; o += last) {
    row(o, base, sl, last);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      base += st[d];
      if (idx[d] < outShape[d]) break;
      base -= st[d] * outShape[d];
      idx[d] = 0;
    }
  }
}

/** Copies `src` (of `shape`) into a new contiguous array of `outShape`. */
export function expandTo(src: Float32Array, shape: readonly number[], outShape: readonly number[]): Float32Array {
  const out = new Float32Array(numelOf(outShape));
  if (src.length === out.length) {
    out.set(src);
    return out;
  }
  if (src.length === 1) {
    out.fill(src[0]);
    return out;
  }
  forEachRow(shape, outShape, (o, base, stride, len) => {
    if (stride === 0) out.fill(src[base], o, o + len);
    else out.set(src.subarray(base, base + len), o);
  });
  return out;
}

/** Sums a gradient of `outShape` down to `shape` (the inverse of broadcasting). Never mutates g. */
export function sumTo(g: Float32Array, outShape: readonly number[], shape: readonly number[]): Float32Array {
  const n = numelOf(shape);
  if (n === g.length) return g;
  if (n === 1) {
    let s = 0;
    for (let i = 0; i < g.length; i++) s += g[i];
    return new Float32Array([s]);
  }
  const acc = new Float64Array(n);
  forEachRow(shape, outShape, (o, base, stride, len) => {
    if (stride === 0) {
      let s = 0;
      for (let j = 0; j < len; j++) s += g[o + j];
      acc[base] += s;
    } else {
      for (let j = 0; j < len; j++) acc[base + j] += g[o + j];
    }
  });
  return Float32Array.from(acc);
}

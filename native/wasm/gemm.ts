// Row-major SGEMM, C = alpha·op(A)·op(B) + beta·C, in the GotoBLAS layout: op(B) is packed
// KC×NC at a time into NR-column micro-panels, op(A) MC×KC at a time into MR-row micro-panels
// (transposes resolved while packing), and a 4×8 register tile runs over them.
//
// Why 4×8: V8 gives WebAssembly 15 usable vector registers on x64. 4×8 keeps 8 accumulators,
// 2 B vectors, 1 broadcast A value and 1 product in registers (12); 6×8 or 8×8 spill. Eight
// independent accumulators also cover the add latency on two FP-add pipes.
//
// All pointers are byte offsets into linear memory; `work` is scratch the caller reserved with
// workBytes(). Nothing here allocates.
import { madd } from './simd';

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

const PACK_A_BYTES: usize = <usize>(MC * KC) << 2;
const PACK_B_BYTES: usize = <usize>(KC * NC) << 2;
const TILE_BYTES: usize = <usize>(MR * NR) << 2;

/** Bytes of scratch sgemm needs for these sizes (packing panels, an edge tile, one vector). */
export function workBytes(m: i32, n: i32, k: i32): usize {
  const longest = max(m, max(n, k));
  return PACK_A_BYTES + PACK_B_BYTES + TILE_BYTES + ((<usize>longest + 4) << 2);
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** C(m×n) = beta·C; beta = 0 never reads C, so NaNs there vanish as in BLAS. */
function scaleC(m: i32, n: i32, beta: f32, c: usize, ldc: i32): void {
  if (beta == 1) return;
  const bv = f32x4.splat(beta);
  for (let i = 0; i < m; i++) {
    const row = at(c, i * ldc);
    if (beta == 0) {
      memory.fill(row, 0, <usize>n << 2);
      continue;
    }
    let j = 0;
    for (; j + 4 <= n; j += 4) v128.store(at(row, j), f32x4.mul(v128.load(at(row, j)), bv));
    for (; j < n; j++) store<f32>(at(row, j), load<f32>(at(row, j)) * beta);
  }
}

/** y[0..n) += s·x[0..n), both contiguous. */
function axpyContiguous(n: i32, s: f32, x: usize, y: usize): void {
  const sv = f32x4.splat(s);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    v128.store(at(y, j), madd(sv, v128.load(at(x, j)), v128.load(at(y, j))));
    v128.store(at(y, j + 4), madd(sv, v128.load(at(x, j + 4)), v128.load(at(y, j + 4))));
    v128.store(at(y, j + 8), madd(sv, v128.load(at(x, j + 8)), v128.load(at(y, j + 8))));
    v128.store(at(y, j + 12), madd(sv, v128.load(at(x, j + 12)), v128.load(at(y, j + 12))));
  }
  for (; j + 4 <= n; j += 4) v128.store(at(y, j), madd(sv, v128.load(at(x, j)), v128.load(at(y, j))));
  for (; j < n; j++) store<f32>(at(y, j), load<f32>(at(y, j)) + s * load<f32>(at(x, j)));
}

/** Σ x[p]·y[p] over n contiguous elements, with four independent vector sums. */
function dotContiguous(n: i32, x: usize, y: usize): f32 {
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
  let p = 0;
  for (; p + 16 <= n; p += 16) {
    s0 = madd(v128.load(at(x, p)), v128.load(at(y, p)), s0);
    s1 = madd(v128.load(at(x, p + 4)), v128.load(at(y, p + 4)), s1);
    s2 = madd(v128.load(at(x, p + 8)), v128.load(at(y, p + 8)), s2);
    s3 = madd(v128.load(at(x, p + 12)), v128.load(at(y, p + 12)), s3);
  }
  for (; p + 4 <= n; p += 4) s0 = madd(v128.load(at(x, p)), v128.load(at(y, p)), s0);
  const s = f32x4.add(f32x4.add(s0, s1), f32x4.add(s2, s3));
  let total = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (; p < n; p++) total += load<f32>(at(x, p)) * load<f32>(at(y, p));
  return total;
}

/** Copies n elements spaced `stride` apart into a contiguous vector; returns src when already contiguous. */
function contiguous(n: i32, src: usize, stride: i32, dst: usize): usize {
  if (stride == 1) return src;
  for (let p = 0; p < n; p++) store<f32>(at(dst, p), load<f32>(at(src, p * stride)));
  return dst;
}

/**
 * m = 1: C's one row += alpha·x·op(B), x = op(A)'s row. This is the shape of the bias gradient
 * (ones·G, column sums) and of the SGD update (k = 1: an axpy), so it streams B once instead of
 * packing it.
 */
function rowTimesMatrix(transA: bool, transB: bool, n: i32, k: i32, alpha: f32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, vec: usize): void {
  if (!transB) {
    for (let p = 0; p < k; p++) {
      const s = alpha * load<f32>(at(a, transA ? p * lda : p));
      axpyContiguous(n, s, at(b, p * ldb), c);
    }
    return;
  }
  const x = contiguous(k, a, transA ? lda : 1, vec);
  for (let j = 0; j < n; j++) {
    const cj = at(c, j);
    store<f32>(cj, load<f32>(cj) + alpha * dotContiguous(k, x, at(b, j * ldb)));
  }
}

/** n = 1: C's one column += alpha·op(A)·y, y = op(B)'s column. */
function matrixTimesColumn(transA: bool, transB: bool, m: i32, k: i32, alpha: f32, a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, vec: usize): void {
  if (!transA) {
    const y = contiguous(k, b, transB ? 1 : ldb, vec);
    for (let i = 0; i < m; i++) {
      const ci = at(c, i * ldc);
      store<f32>(ci, load<f32>(ci) + alpha * dotContiguous(k, at(a, i * lda), y));
    }
    return;
  }
  // A is stored k×m: accumulate the column as a contiguous vector, row by row of A.
  memory.fill(vec, 0, <usize>m << 2);
  for (let p = 0; p < k; p++) {
    const s = load<f32>(at(b, transB ? p : p * ldb));
    axpyContiguous(m, s, at(a, p * lda), vec);
  }
  for (let i = 0; i < m; i++) {
    const ci = at(c, i * ldc);
    store<f32>(ci, load<f32>(ci) + alpha * load<f32>(at(vec, i)));
  }
}

/** Stores the transpose of the 4×4 block whose rows are r0..r3 as 4 vectors `stride` bytes apart. */
@inline function storeTransposed(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, stride: usize): void {
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

/**
 * Packs rows×depth of a matrix whose element (r, p) is at x + (r·rs + p·ps)·4 into micro-panels
 * of `width` rows: panel q holds, for each p, the `width` values of rows q·width… (zero-padded).
 * `width` is MR (A) or NR (B); rs = 1 means the `width` values of one p are contiguous (one or
 * two vector loads), ps = 1 means each row is contiguous along p (4×4 transposes).
 */
function pack(x: usize, rs: i32, ps: i32, rows: i32, depth: i32, width: i32, out: usize): void {
  const panelBytes = <usize>(depth * width) << 2;
  const stride = <usize>width << 2;
  for (let r0 = 0; r0 < rows; r0 += width) {
    const h = min(width, rows - r0);
    const panel = out + <usize>(r0 / width) * panelBytes;
    let p = 0;
    if (h == width && rs == 1) {
      for (; p < depth; p++) {
        const src = at(x, r0 + p * ps);
        const dst = panel + <usize>p * stride;
        for (let v = 0; v < width; v += 4) v128.store(dst + (<usize>v << 2), v128.load(at(src, v)));
      }
    } else if (h == width && ps == 1) {
      for (; p + 4 <= depth; p += 4) {
        for (let v = 0; v < width; v += 4) {
          const src = at(x, (r0 + v) * rs + p);
          const rsb = <usize>rs << 2;
          storeTransposed(
            v128.load(src), v128.load(src + rsb), v128.load(src + 2 * rsb), v128.load(src + 3 * rsb),
            panel + <usize>p * stride + (<usize>v << 2), stride,
          );
        }
      }
    }
    for (; p < depth; p++) {
      const dst = panel + <usize>p * stride;
      let r = 0;
      for (; r < h; r++) store<f32>(at(dst, r), load<f32>(at(x, (r0 + r) * rs + p * ps)));
      for (; r < width; r++) store<f32>(at(dst, r), 0);
    }
  }
}

/** C[0..4, 0..8) += alpha·(packed A micro-panel · packed B micro-panel) over kc steps. */
@inline function kernel(kc: i32, ap: usize, bp: usize, c: usize, ldcBytes: usize, alpha: v128): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  let row = c;
  v128.store(row, madd(alpha, c00, v128.load(row)));
  v128.store(row, madd(alpha, c01, v128.load(row, 16)), 16);
  row += ldcBytes;
  v128.store(row, madd(alpha, c10, v128.load(row)));
  v128.store(row, madd(alpha, c11, v128.load(row, 16)), 16);
  row += ldcBytes;
  v128.store(row, madd(alpha, c20, v128.load(row)));
  v128.store(row, madd(alpha, c21, v128.load(row, 16)), 16);
  row += ldcBytes;
  v128.store(row, madd(alpha, c30, v128.load(row)));
  v128.store(row, madd(alpha, c31, v128.load(row, 16)), 16);
}

/** A partial tile (h < MR or w < NR): computed into `tile`, then its h×w corner added to C. */
function edgeKernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, h: i32, w: i32, alpha: v128, tile: usize): void {
  memory.fill(tile, 0, TILE_BYTES);
  kernel(kc, ap, bp, tile, <usize>NR << 2, alpha);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const cij = at(c, i * ldc + j);
      store<f32>(cij, load<f32>(cij) + load<f32>(at(tile, i * NR + j)));
    }
  }
}

/**
 * The blocked product for rows [m0, m1) of C: callers split rows between threads this way, each
 * with its own `work`. B is packed by every caller for its own rows (cheap next to the product).
 */
export function sgemmRows(
  transA: bool, transB: bool, m0: i32, m1: i32, n: i32, k: i32, alpha: f32,
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, work: usize,
): void {
  const packA = work;
  const packB = packA + PACK_A_BYTES;
  const tile = packB + PACK_B_BYTES;
  // op(A)(i, p) is at a + (i·ais + p·aps)·4; op(B)(p, j) at b + (p·bps + j·bjs)·4.
  const ais = transA ? 1 : lda, aps = transA ? lda : 1;
  const bjs = transB ? ldb : 1, bps = transB ? 1 : ldb;
  const alphaV = f32x4.splat(alpha);
  const ldcBytes = <usize>ldc << 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      pack(at(b, jc * bjs + pc * bps), bjs, bps, nc, kc, NR, packB);
      for (let ic = m0; ic < m1; ic += MC) {
        const mc = min(MC, m1 - ic);
        pack(at(a, ic * ais + pc * aps), ais, aps, mc, kc, MR, packA);
        for (let jr = 0; jr < nc; jr += NR) {
          const w = min(NR, nc - jr);
          const bp = packB + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const h = min(MR, mc - ir);
            const ap = packA + (<usize>(ir * kc) << 2);
            const cp = at(c, (ic + ir) * ldc + jc + jr);
            if (h == MR && w == NR) kernel(kc, ap, bp, cp, ldcBytes, alphaV);
            else edgeKernel(kc, ap, bp, cp, ldc, h, w, alphaV, tile);
          }
        }
      }
    }
  }
}

/**
 * The whole product. Arguments are checked by the caller (JavaScript), which also guarantees
 * that C does not overlap A or B.
 */
export function sgemm(
  transA: bool, transB: bool, m: i32, n: i32, k: i32, alpha: f32,
  a: usize, lda: i32, b: usize, ldb: i32, beta: f32, c: usize, ldc: i32, work: usize,
): void {
  scaleC(m, n, beta, c, ldc);
  if (m == 0 || n == 0 || k == 0 || alpha == 0) return;
  const vec = work + PACK_A_BYTES + PACK_B_BYTES + TILE_BYTES;
  if (m == 1) rowTimesMatrix(transA, transB, n, k, alpha, a, lda, b, ldb, c, vec);
  else if (n == 1) matrixTimesColumn(transA, transB, m, k, alpha, a, lda, b, ldb, c, ldc, vec);
  else sgemmRows(transA, transB, 0, m, n, k, alpha, a, lda, b, ldb, c, ldc, work);
}

// Pure-TypeScript SGEMM. Blocks of A and B are packed (transposes resolved while packing) into
// Float64Array panels, so the inner 4×4 micro-kernel reads both operands sequentially and keeps
// its 16 accumulators in registers without float32→float64 conversions.

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 128;
const NC = 1024;

// Grown by the first blocked product (below): a process whose products are all small never
// allocates the 2.3 MB.
let packA = new Float64Array(0);
let packB = new Float64Array(0);

/** Elements of A/B are read as x[i * rowStride + p * colStride], which covers both transposes. */
function packPanels(
  x: Float32Array, off: number, rowStride: number, colStride: number,
  rows: number, depth: number, width: number, out: Float64Array,
): void {
  let o = 0;
  for (let r0 = 0; r0 < rows; r0 += width) {
    const h = Math.min(width, rows - r0);
    for (let p = 0; p < depth; p++) {
      const base = off + r0 * rowStride + p * colStride;
      let r = 0;
      for (; r < h; r++) out[o + r] = x[base + r * rowStride];
      for (; r < width; r++) out[o + r] = 0;
      o += width;
    }
  }
}

function microKernel(
  ap: Float64Array, ao: number, bp: Float64Array, bo: number, kc: number,
  c: Float32Array, co: number, ldc: number, h: number, w: number, alpha: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++) {
    const a0 = ap[ao], a1 = ap[ao + 1], a2 = ap[ao + 2], a3 = ap[ao + 3];
    const b0 = bp[bo], b1 = bp[bo + 1], b2 = bp[bo + 2], b3 = bp[bo + 3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
    ao += 4;
    bo += 4;
  }
  if (h === 4 && w === 4) {
    c[co] += alpha * c00; c[co + 1] += alpha * c01; c[co + 2] += alpha * c02; c[co + 3] += alpha * c03;
    co += ldc;
    c[co] += alpha * c10; c[co + 1] += alpha * c11; c[co + 2] += alpha * c12; c[co + 3] += alpha * c13;
    co += ldc;
    c[co] += alpha * c20; c[co + 1] += alpha * c21; c[co + 2] += alpha * c22; c[co + 3] += alpha * c23;
    co += ldc;
    c[co] += alpha * c30; c[co + 1] += alpha * c31; c[co + 2] += alpha * c32; c[co + 3] += alpha * c33;
    return;
  }
  const acc = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) c[co + i * ldc + j] += alpha * acc[i * 4 + j];
  }
}

/** C(m×n) = beta·C, honouring BLAS's rule that beta = 0 never reads C (NaNs there vanish). */
export function scaleC(c: Float32Array, ldc: number, m: number, n: number, beta: number): void {
  if (beta === 1) return;
  for (let i = 0; i < m; i++) {
    const o = i * ldc;
    if (beta === 0) c.fill(0, o, o + n);
    else for (let j = 0; j < n; j++) c[o + j] *= beta;
  }
}

/** Straight triple loop for products too small to repay packing. Accumulates alpha·AB into C. */
export function smallGemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, a: Float32Array, lda: number, b: Float32Array, ldb: number,
  c: Float32Array, ldc: number,
): void {
  const ais = transA ? 1 : lda, aps = transA ? lda : 1;
  const bps = transB ? 1 : ldb, bjs = transB ? ldb : 1;
  for (let i = 0; i < m; i++) {
    const ao = i * ais;
    const co = i * ldc;
    for (let j = 0; j < n; j++) {
      let s = 0;
      let ai = ao;
      let bi = j * bjs;
      for (let p = 0; p < k; p++) {
        s += a[ai] * b[bi];
        ai += aps;
        bi += bps;
      }
      c[co + j] += alpha * s;
    }
  }
}

/** Blocked product accumulating alpha·op(A)·op(B) into C (C already scaled by beta). */
export function blockedGemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, a: Float32Array, lda: number, b: Float32Array, ldb: number,
  c: Float32Array, ldc: number,
): void {
  const ais = transA ? 1 : lda, aps = transA ? lda : 1;
  // op(B) is k×n; packing walks its columns j as "rows" with stride bjs and depth p with bps.
  const bjs = transB ? ldb : 1, bps = transB ? 1 : ldb;
  if (packB.length < Math.min(n, NC) * KC + NR * KC) packB = new Float64Array(Math.min(n, NC) * KC + NR * KC);
  if (packA.length < MC * KC + MR * KC) packA = new Float64Array(MC * KC + MR * KC);
  const pa = packA, pb = packB;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packPanels(b, jc * bjs + pc * bps, bjs, bps, nc, kc, NR, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packPanels(a, ic * ais + pc * aps, ais, aps, mc, kc, MR, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const w = Math.min(NR, nc - jr);
          const bo = (jr / NR) * kc * NR;
          for (let ir = 0; ir < mc; ir += MR) {
            const h = Math.min(MR, mc - ir);
            microKernel(pa, (ir / MR) * kc * MR, pb, bo, kc, c, (ic + ir) * ldc + jc + jr, ldc, h, w, alpha);
          }
        }
      }
    }
  }
}

// Every matrix product in the engine goes through gemm(): tiny products (a Linear(2, 1) on a batch
// of 10) run as a plain loop here, because a backend call costs more than the arithmetic.
import { getBackend } from '../backend';
import { scaleC, smallGemm } from '../backend/ts-gemm';

/** Products of at most this many multiply-adds run as a loop here, not in the backend. */
export const TINY_PRODUCT = 2048;

export function gemm(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  alpha: number, a: Float32Array, lda: number, b: Float32Array, ldb: number,
  beta: number, c: Float32Array, ldc: number,
): void {
  // Empty products go here too: BLAS insists on leading dimensions ≥ 1 even then.
  if (m * n * k <= TINY_PRODUCT) {
    scaleC(c, ldc, m, n, beta);
    smallGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
    return;
  }
  getBackend().sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

/** A row of ones, grown on demand and never written through (column sums multiply by it). */
let ones = new Float32Array(0);

function onesOf(n: number): Float32Array {
  if (ones.length < n) ones = new Float32Array(Math.max(n, 2 * ones.length)).fill(1);
  return ones.length === n ? ones : ones.subarray(0, n);
}

/**
 * y += alpha·x over n elements, as the 1×n product alpha·[1]·x + y: BLAS runs it vectorised, about
 * ten times faster than a scalar loop over Float32Arrays (what the SGD update spends its time on).
 */
export function axpy(n: number, alpha: number, x: Float32Array, y: Float32Array): void {
  if (n === 0) return;
  gemm(false, false, 1, n, 1, alpha, onesOf(1), 1, x, n, 1, y, n);
}

/** out[j] = Σ_r g[r·cols + j] (a bias gradient: the sum over batch rows), as ones(1×rows)·g. */
export function columnSums(rows: number, cols: number, g: Float32Array, out: Float32Array): void {
  if (cols === 0) return;
  if (rows === 0) { out.fill(0, 0, cols); return; }
  gemm(false, false, 1, cols, rows, 1, onesOf(rows), rows, g, cols, 0, out, cols);
}

/**
 * out[r] = beta·out[r] + Σ_c g[r·cols + c] (a convolution's bias gradient over one chunk of
 * images), as g·ones(cols×1): the BLAS gemv path instead of a scalar loop.
 */
export function rowSums(rows: number, cols: number, g: Float32Array, beta: number, out: Float32Array): void {
  if (rows === 0) return;
  if (cols === 0) {
    if (beta === 0) out.fill(0, 0, rows);
    return;
  }
  gemm(false, false, rows, 1, cols, 1, g, cols, onesOf(cols), 1, beta, out, 1);
}

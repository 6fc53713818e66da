// Every matrix product in the engine goes through gemm(): tiny products (a Linear(2, 1) on a batch
// of 10) run as a plain loop here, because a backend call costs more than the arithmetic.
import { getBackend } from '../backend';
import { scaleC, smallGemm } from '../backend/ts-gemm';

const TINY_PRODUCT = 2048;

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

// The always-available backend: SGEMM in plain TypeScript (see ts-gemm.ts for the kernel).
import type { Backend } from './types';
import { blockedGemm, scaleC, smallGemm } from './ts-gemm';
import { reluBackwardTs, reluTs } from './ts-elementwise';
import { checkSgemmArgs } from './sgemm-args';

/** Below this many multiply-adds, packing costs more than it saves. */
const SMALL_PRODUCT = 32 * 32 * 32;

export const tsBackend: Backend = {
  name: 'ts',
  threads: 1,
  sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
    checkSgemmArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
    scaleC(c, ldc, m, n, beta);
    if (m === 0 || n === 0 || k === 0 || alpha === 0) return;
    if (m * n * k <= SMALL_PRODUCT || m < 4 || n < 4) smallGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
    else blockedGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
  },
  relu: reluTs,
  reluBackward: reluBackwardTs,
};

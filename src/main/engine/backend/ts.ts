// The always-available backend: SGEMM in plain TypeScript (see ts-gemm.ts for the kernel).
import type { Backend } from './types';
import { blockedGemm, scaleC, smallGemm } from './ts-gemm';
import { reluBackwardTs, reluTs } from './ts-elementwise';

/** Below this many multiply-adds, packing costs more than it saves. */
const SMALL_PRODUCT = 32 * 32 * 32;

function checkArgs(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: Float32Array, lda: number, b: Float32Array, ldb: number, c: Float32Array, ldc: number,
): void {
  for (const [name, v] of [['m', m], ['n', n], ['k', k]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`sgemm: ${name} must be a non-negative integer, got ${v}`);
  }
  const need = (rows: number, cols: number, ld: number, len: number, name: string): void => {
    if (rows === 0 || cols === 0) return;
    if (ld < cols) throw new RangeError(`sgemm: ${name} leading dimension ${ld} is smaller than its row length ${cols}`);
    if ((rows - 1) * ld + cols > len) {
      throw new RangeError(`sgemm: ${name} needs ${(rows - 1) * ld + cols} elements (${rows}×${cols}, ld ${ld}) but has ${len}`);
    }
  };
  need(transA ? k : m, transA ? m : k, lda, a.length, 'A');
  need(transB ? n : k, transB ? k : n, ldb, b.length, 'B');
  need(m, n, ldc, c.length, 'C');
}

export const tsBackend: Backend = {
  name: 'ts',
  threads: 1,
  sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
    checkArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
    scaleC(c, ldc, m, n, beta);
    if (m === 0 || n === 0 || k === 0 || alpha === 0) return;
    if (m * n * k <= SMALL_PRODUCT || m < 4 || n < 4) smallGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
    else blockedGemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc);
  },
  relu: reluTs,
  reluBackward: reluBackwardTs,
};

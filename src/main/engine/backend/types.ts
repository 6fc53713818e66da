// The small surface a compute backend provides. Everything else in the engine is plain
// TypeScript over Float32Array; only what measurably pays goes through a backend.

export type BackendName = 'native' | 'ts';

export interface Backend {
  readonly name: BackendName;
  /**
   * Row-major single-precision GEMM: C = alpha · op(A) · op(B) + beta · C, where op(X) is X or
   * Xᵀ. op(A) is m×k, op(B) is k×n, C is m×n. lda/ldb/ldc are row strides of the stored
   * (untransposed) arrays, as in cblas with CblasRowMajor. Arrays may be subarray views.
   */
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, a: Float32Array, lda: number, b: Float32Array, ldb: number,
    beta: number, c: Float32Array, ldc: number,
  ): void;
  /** ReLU: y[i] = x[i] <= 0 ? +0 : x[i] for i < n (NaN kept). y may be x. */
  relu(x: Float32Array, y: Float32Array, n: number): void;
  /** ReLU's backward from its output y: d[i] = y[i] <= 0 ? +0 : g[i] for i < n. d may be g. */
  reluBackward(g: Float32Array, y: Float32Array, d: Float32Array, n: number): void;
  /** OpenBLAS core name (e.g. "Haswell") for native; undefined for ts. */
  readonly coreName?: string;
  /** Threads the backend uses for GEMM. */
  readonly threads: number;
}

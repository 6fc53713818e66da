// The small surface a compute backend provides. Everything else in the engine is plain
// TypeScript over Float32Array; only what measurably pays goes through a backend.

export type BackendName = 'native' | 'wasm' | 'ts';

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
  /**
   * The convolution's data movement around its GEMMs (ops/conv.ts), where a backend runs it faster
   * than the TypeScript loops there (native). Absent: ops/conv.ts runs its own loops.
   */
  readonly conv?: ConvKernels;
  /** OpenBLAS core name (e.g. "Haswell") for native; undefined for ts. */
  readonly coreName?: string;
  /** Threads the backend uses for GEMM. */
  readonly threads: number;
  /**
   * Memory the kernels work on in place, for backends that cannot reach JavaScript's heap (wasm).
   * Operands that are views over it are used without copying; any other Float32Array is copied
   * in and out around each call. Absent for native and ts, which use any Float32Array in place.
   */
  readonly storage?: BackendStorage;
}

/**
 * Tensor storage is a Float32Array view, wherever it lives. A backend with its own memory hands
 * out views over it; everything else in the engine treats them like any other Float32Array.
 */
export interface BackendStorage {
  /** n zero-filled floats in this storage, 64-byte aligned, valid until released. */
  alloc(n: number): Float32Array;
  /** Gives back a view alloc() returned (whole, not a subarray), for reuse by a later alloc. */
  release(view: Float32Array): void;
  /** True when `view` lies in this storage, i.e. kernels use it in place. */
  owns(view: Float32Array): boolean;
}

/** An activation fused into a convolution (Sequential fuses Conv2d + Sigmoid / ReLU). */
export type FusedActivation = 'sigmoid' | 'relu' | null;

/**
 * Shapes and the column layout of one convolution call (ops/conv.ts's plan), for the images
 * processed B at a time ("chunks").
 */
export interface ConvPlan {
  N: number; C: number; H: number; W: number;
  O: number; KH: number; KW: number;
  OH: number; OW: number;
  sh: number; sw: number; ph: number; pw: number;
  K: number;
  /** Stride 1: the forward and dW use the wide layout over the padded image (Hp × Wp). */
  wide: boolean;
  Hp: number; Wp: number;
  /** Columns per output row (Wp when wide, else OW) and per image (OH · Wc) in that layout. */
  Wc: number; Pc: number;
  /** Images per chunk. */
  B: number;
  /** Where the chunk's images start in the work array (after the largest unfolded chunk). */
  srcAt: number;
  /** C, H, W, O, KH, KW, sh, sw, ph, pw, B, wide (1/0): what the native kernels derive the rest from. */
  geom: Int32Array;
}

/** Kernels over images [n0, n0 + b) of one chunk (b ≤ plan.B); ops/conv.ts documents each layout. */
export interface ConvKernels {
  /**
   * Whether stride-1 convolutions use the wide layout with these kernels: it turns the unfolding
   * into contiguous copies (worth it in TypeScript) at the cost of more GEMM columns (Wp − OW per
   * output row, 40 % more for LeNet's second convolution).
   */
  readonly wideLayout: boolean;
  /** im2col into the start of work (K × b·Pc); the wide layout stages padded images at srcAt. */
  unfold(x: Float32Array, p: ConvPlan, n0: number, b: number, work: Float32Array, cleanWrap: boolean): void;
  /** col2im: adds dcols (K × b·Pc) into dx. */
  fold(dcols: Float32Array, p: ConvPlan, n0: number, b: number, dx: Float32Array): void;
  /**
   * The GEMM's result (O × b·Pc) into NCHW y, with the bias and the activation; with `pooled`, also
   * avg_pool2d(2, 2) of the chunk's planes into it (N, O, ⌊OH/2⌋, ⌊OW/2⌋).
   */
  scatter(mat: Float32Array, y: Float32Array, bias: Float32Array | null, p: ConvPlan, n0: number, b: number, act: FusedActivation, pooled: Float32Array | null): void;
  /** The output gradient (after avg_pool2d(2, 2) when pooled) into O × b·Pc times the activation's derivative. */
  gather(gy: Float32Array, y: Float32Array, gm: Float32Array, p: ConvPlan, n0: number, b: number, act: FusedActivation, pooled: boolean): void;
  /**
   * The whole forward chunk loop (unfold, W·cols, scatter) over images [0, p.N), with the same
   * results as running it chunk by chunk; the native backend shares the chunks between two threads.
   */
  forward?(x: Float32Array, w: Float32Array, bias: Float32Array | null, y: Float32Array, p: ConvPlan, act: FusedActivation, pooled: Float32Array | null): void;
  /**
   * The whole backward chunk loop: dWᵀ (K × O) and db overwritten with their sums over chunks in
   * chunk order, dcols folded (added) into dx; null for a gradient not wanted. Same results as the
   * loop; the native backend computes dx on a second thread meanwhile.
   */
  backward?(
    gy: Float32Array, y: Float32Array, x: Float32Array, w: Float32Array,
    dwT: Float32Array | null, db: Float32Array | null, dx: Float32Array | null, p: ConvPlan, act: FusedActivation, pooled: boolean,
  ): void;
}

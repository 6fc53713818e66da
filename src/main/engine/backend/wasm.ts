// The portable backend: SGEMM and ReLU as WebAssembly SIMD kernels (native/wasm/, AssemblyScript),
// for machines where the OpenBLAS addon cannot be built. The kernels only reach their own memory:
// operands that are views over it (backend storage) are used in place, any other Float32Array is
// copied into a scratch block before the call and the output copied back after it.
import type { Backend } from './types';
import { checkSgemmArgs, span } from './sgemm-args';
import { loadKernels, type WasmKernels, type WasmVariant } from './wasm-module';
import { alignUp, WasmStorage } from './wasm-storage';

export interface WasmBackend extends Backend {
  readonly name: 'wasm';
  /** Which build runs: relaxed SIMD (fused multiply-add) or plain SIMD. */
  readonly variant: WasmVariant;
  /** Where the module was loaded from. */
  readonly path: string;
  readonly storage: WasmStorage;
}

function checkLengths(fn: string, n: number, arrays: [string, Float32Array][]): void {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new RangeError(`${fn}: n must be an integer in [0, 2147483647], got ${n}`);
  for (const [name, v] of arrays) {
    if (v.length < n) throw new RangeError(`${fn}: ${name} has ${v.length} elements, fewer than n = ${n}`);
  }
}

function create(kernels: WasmKernels, storage: WasmStorage, variant: WasmVariant, path: string): WasmBackend {
  /** An operand's byte offset: in place when it is storage, else its slot in this call's scratch. */
  const place = (x: Float32Array, slot: number): number => {
    const own = storage.offsetOf(x);
    return own >= 0 ? own : slot;
  };

  /** BLAS output must not alias its inputs (the native addon's rule and message). */
  const checkOverlap = (name: string, x: Float32Array, xLen: number, c: Float32Array, cLen: number): void => {
    if (xLen === 0 || cLen === 0) return;
    // Views over the wasm memory made before and after it grew have different buffer objects.
    if (x.buffer !== c.buffer && !(storage.owns(x) && storage.owns(c))) return;
    const x0 = x.byteOffset, c0 = c.byteOffset;
    if (x0 < c0 + cLen * 4 && c0 < x0 + xLen * 4) {
      throw new RangeError(`c must not overlap ${name} (the output would be read while it is written)`);
    }
  };

  return {
    name: 'wasm',
    variant,
    path,
    storage,
    threads: 1,
    sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) {
      checkSgemmArgs(transA, transB, m, n, k, a, lda, b, ldb, c, ldc);
      const aSpan = span(transA ? k : m, transA ? m : k, lda);
      const bSpan = span(transB ? n : k, transB ? k : n, ldb);
      const cSpan = span(m, n, ldc);
      checkOverlap('a', a, aSpan, c, cSpan);
      checkOverlap('b', b, bSpan, c, cSpan);
      if (cSpan === 0) return;
      const readsAB = k > 0 && alpha !== 0;
      const copyA = readsAB && !storage.owns(a);
      const copyB = readsAB && !storage.owns(b);
      const ownC = storage.owns(c);
      // Scratch layout: [A copy][B copy][C copy][kernel work], each 64-byte aligned.
      const aBytes = copyA ? alignUp(aSpan * 4) : 0;
      const bBytes = copyB ? alignUp(bSpan * 4) : 0;
      const cBytes = ownC ? 0 : alignUp(cSpan * 4);
      const base = storage.scratch(aBytes + bBytes + cBytes + kernels.workBytes(m, n, k));
      const ao = readsAB ? place(a, base) : 0;
      const bo = readsAB ? place(b, base + aBytes) : 0;
      const co = ownC ? c.byteOffset : base + aBytes + bBytes;
      if (copyA) storage.copyIn(a, aSpan, ao);
      if (copyB) storage.copyIn(b, bSpan, bo);
      // C is read when beta ≠ 0, and its padding columns (ldc > n) must come back unchanged.
      if (!ownC && (beta !== 0 || ldc !== n)) storage.copyIn(c, cSpan, co);
      kernels.sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, ao, lda, bo, ldb, beta, co, ldc, base + aBytes + bBytes + cBytes);
      if (!ownC) storage.copyOut(co, c, cSpan);
    },
    relu(x, y, n) {
      checkLengths('relu', n, [['x', x], ['y', y]]);
      if (n === 0) return;
      // Whatever is not storage goes through one scratch slot, in place (y may be x).
      const slot = storage.scratch(n * 4);
      const xo = place(x, slot), yo = place(y, slot);
      if (xo === slot) storage.copyIn(x, n, slot);
      kernels.relu(xo, yo, n);
      if (yo === slot) storage.copyOut(slot, y, n);
    },
    reluBackward(g, y, d, n) {
      checkLengths('relu_backward', n, [['g', g], ['y', y], ['d', d]]);
      if (n === 0) return;
      const bytes = alignUp(n * 4);
      const gSlot = storage.scratch(2 * bytes), ySlot = gSlot + bytes;
      // d shares g's slot when it is not storage: the kernel reads each element before writing it.
      const go = place(g, gSlot), yo = place(y, ySlot), dOut = place(d, gSlot);
      if (go === gSlot) storage.copyIn(g, n, gSlot);
      if (yo === ySlot) storage.copyIn(y, n, ySlot);
      kernels.reluBackward(go, yo, dOut, n);
      if (dOut === gSlot) storage.copyOut(gSlot, d, n);
    },
  };
}

/** Loads the kernels into a fresh memory. Throws when no build is found or none runs here. */
export function loadWasm(env: NodeJS.ProcessEnv = process.env): WasmBackend {
  const { kernels, memory, variant, path } = loadKernels(env);
  return create(kernels, new WasmStorage(memory, kernels.heapBase()), variant, path);
}

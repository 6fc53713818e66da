// Recycled float32 storage for the arrays a training step needs afresh every time at the same
// sizes. A fresh multi-MB Float32Array costs a page fault per 4 KiB on first touch (≈ 20 ms for
// 4.8 MB on these VMs, more than the convolution that fills it), so the hot ops take their
// outputs from here and two places hand arrays back once they can prove nothing reads them again:
//   - autograd (propagate): an intermediate gradient its node has finished with;
//   - Sequential: an activation passed between two of its built-in layers, which nothing outside
//     the chain can hold: at once under noGrad, else once backward has gone through (autograd).
// Everything else (a tensor the user holds, a leaf's .grad) is never released.

/** Smaller arrays come cheaply from V8's own heap: pooling them would only cost lookups. */
export const MIN_POOLED_FLOATS = 1 << 14;
/** The pool never holds more than this many floats (64 MiB); beyond it, arrays are left to the GC. */
const MAX_POOLED_FLOATS = 1 << 24;

const free = new Map<number, Float32Array[]>();
/** Every array in `free`, so one handed back twice is never handed out twice. */
const inPool = new Set<Float32Array>();
let pooledFloats = 0;

/** An array of n floats with unspecified contents, for code that writes every element. */
export function takeStorage(n: number): Float32Array {
  if (n >= MIN_POOLED_FLOATS) {
    const a = free.get(n)?.pop();
    if (a !== undefined) {
      inPool.delete(a);
      pooledFloats -= n;
      return a;
    }
  }
  return new Float32Array(n);
}

/** An array of n zeros, for code that accumulates into it. */
export function takeZeroedStorage(n: number): Float32Array {
  if (n >= MIN_POOLED_FLOATS) {
    const a = takeStorage(n);
    a.fill(0);
    return a;
  }
  return new Float32Array(n);
}

/**
 * Hands a dead array back. The caller guarantees that nothing reads `a` or its buffer any more;
 * views (subarrays) are refused, since their buffer may back other arrays.
 */
export function releaseStorage(a: Float32Array): void {
  const n = a.length;
  if (n < MIN_POOLED_FLOATS || a.byteOffset !== 0 || a.buffer.byteLength !== n * 4) return;
  if (pooledFloats + n > MAX_POOLED_FLOATS || inPool.has(a)) return;
  let list = free.get(n);
  if (list === undefined) {
    list = [];
    free.set(n, list);
  }
  list.push(a);
  inPool.add(a);
  pooledFloats += n;
}

/** Empties the pool (its memory goes back to the GC). */
export function clearStoragePool(): void {
  free.clear();
  inPool.clear();
  pooledFloats = 0;
}

/** Floats currently held, for tests. */
export function pooledFloatCount(): number {
  return pooledFloats;
}

// The caching allocator: the one place the engine gets tensor storage from and gives it back to
// (issue 15; it grew out of issue 19's storage pool). A fresh multi-MB Float32Array costs a page
// fault per 4 KiB on first touch (≈ 20 ms for 4.8 MB on these VMs, more than the convolution
// that fills it), so, as PyTorch's CUDA and CPU caching allocators do, storage that is provably
// dead is kept and handed out again:
//   - free lists by size class (quarter octaves: at most 19 % of a block unused), so a request
//     is served by any cached block of its class, not only one of the exact size;
//   - fed by the two places that can prove nothing reads an array again: autograd (an
//     intermediate gradient its node has finished with) and Sequential (an activation passed
//     between two of its built-in layers). Optimisers keep each .grad's storage and backward
//     overwrites it, so the big weight gradients need no allocation at all after the first step.
//     Everything else (a tensor the user holds, a leaf's .grad) is never released;
//   - bounded (MAX_CACHED_FLOATS); beyond it arrays are left to the GC;
//   - off with WORKBENCH_CACHING_ALLOCATOR=off (every request then gets a fresh array), to rule
//     it out when debugging;
//   - its hit rate is in allocatorStats() and in `npm run bench`.
// Results a user holds (`a.matmul(b)` in a loop) never come back here; for those the native
// backend, when it loads, tells glibc to serve large blocks from its heap instead of fresh mmaps
// (MALLOC_POLICY below, applied in ./native.ts), so V8's freed ArrayBuffers are reused without
// page faults. Both halves are switched by the same variable.

/** Smaller arrays come cheaply from V8's own heap: caching them would only cost lookups. */
export const MIN_CACHED_FLOATS = 1 << 14;
/** The cache never holds more than this many floats (64 MiB). */
export const MAX_CACHED_FLOATS = 1 << 24;

/**
 * glibc malloc tuning the native addon applies when it loads (unless the allocator is off): blocks
 * up to 32 MiB (glibc's ceiling for this setting) come from the heap, not mmap (mmap'd blocks are returned to the kernel on
 * free and fault in again page by page), and up to 256 MiB of free heap top is kept.
 */
export const MALLOC_POLICY = { mmapThresholdBytes: 32 << 20, trimThresholdBytes: 256 << 20 } as const;

/** `WORKBENCH_CACHING_ALLOCATOR=off|0|false` turns it off; anything else (or unset) leaves it on. */
export function allocatorEnabledByEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env.WORKBENCH_CACHING_ALLOCATOR?.trim().toLowerCase();
  if (v === undefined || v === '' || v === 'on' || v === '1' || v === 'true') return true;
  if (v === 'off' || v === '0' || v === 'false') return false;
  throw new Error(`WORKBENCH_CACHING_ALLOCATOR must be on or off; got "${env.WORKBENCH_CACHING_ALLOCATOR}"`);
}

let enabled = allocatorEnabledByEnv();

/** Blocks (whole buffers, offset 0) by the floats of their class. */
const free = new Map<number, Float32Array[]>();
/** The buffer of every cached block, so one released twice is never handed out twice. */
const cached = new Set<ArrayBufferLike>();
/** Buffers whose blocks were handed out as shorter views, so their release recovers the whole. */
const oversized = new WeakSet<ArrayBufferLike>();
let cachedFloats = 0;
const counts = { hits: 0, misses: 0, released: 0, dropped: 0 };

/** The size class of a request: n rounded up to 2^k, 1.25·2^k, 1.5·2^k or 1.75·2^k. */
export function sizeClass(n: number): number {
  if (n <= 4) return n;
  const top = 2 ** Math.floor(Math.log2(n));
  const step = top / 4;
  return Math.ceil(n / step) * step;
}

/** The largest class a block of `capacity` floats can serve every request of. */
function classServedBy(capacity: number): number {
  const c = sizeClass(capacity);
  if (c === capacity) return c;
  // One quarter-octave step down from the class above.
  const top = 2 ** Math.floor(Math.log2(capacity));
  return Math.floor(capacity / (top / 4)) * (top / 4);
}

/**
 * A block of at least n floats from the class below n's: arrays made outside the allocator (an op's
 * `new Float32Array(n)`) are filed there when released, and the same size asks for them again.
 */
function takeLarger(cls: number, n: number): Float32Array | undefined {
  const list = free.get(cls);
  if (list === undefined) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const block = list[i]!;
    if (block.length >= n) {
      list[i] = list[list.length - 1]!;
      list.pop();
      return block;
    }
  }
  return undefined;
}

/** An array of n floats with unspecified contents, for code that writes every element. */
export function takeStorage(n: number): Float32Array {
  if (n < MIN_CACHED_FLOATS || !enabled) return new Float32Array(n);
  const cls = sizeClass(n);
  const block = free.get(cls)?.pop() ?? (cls === n ? undefined : takeLarger(classServedBy(n), n));
  if (block === undefined) {
    counts.misses++;
    // Sized to the class so the block serves the class's other sizes once released.
    if (cls === n) return new Float32Array(n);
    const fresh = new Float32Array(cls);
    oversized.add(fresh.buffer);
    return fresh.subarray(0, n);
  }
  counts.hits++;
  cached.delete(block.buffer);
  cachedFloats -= block.length;
  if (block.length === n) return block;
  oversized.add(block.buffer);
  return block.subarray(0, n);
}

/** An array of n zeros, for code that accumulates into it. */
export function takeZeroedStorage(n: number): Float32Array {
  if (n < MIN_CACHED_FLOATS || !enabled) return new Float32Array(n);
  const a = takeStorage(n);
  a.fill(0);
  return a;
}

/**
 * Hands a dead array back. The caller guarantees that nothing reads `a` or its buffer any more.
 * Views are refused (their buffer may back other arrays), except the allocator's own shortened
 * blocks, which are recovered whole.
 */
export function releaseStorage(a: Float32Array): void {
  if (!enabled || a.length < MIN_CACHED_FLOATS || a.byteOffset !== 0) return;
  const buffer = a.buffer;
  const whole = buffer.byteLength === a.byteLength;
  if (!whole && !oversized.has(buffer)) return;
  if (cached.has(buffer)) return;
  const block = whole ? a : new Float32Array(buffer);
  if (cachedFloats + block.length > MAX_CACHED_FLOATS) {
    counts.dropped++;
    return;
  }
  const cls = classServedBy(block.length);
  let list = free.get(cls);
  if (list === undefined) {
    list = [];
    free.set(cls, list);
  }
  list.push(block);
  cached.add(buffer);
  cachedFloats += block.length;
  counts.released++;
}

export interface AllocatorStats {
  enabled: boolean;
  /** Requests of at least MIN_CACHED_FLOATS served from the cache, and those that were not. */
  hits: number;
  misses: number;
  /** hits / (hits + misses); null before the first request. */
  hitRate: number | null;
  /** Blocks given back and kept, and given back but left to the GC (the cache was full). */
  released: number;
  dropped: number;
  cachedFloats: number;
}

export function allocatorStats(): AllocatorStats {
  const asked = counts.hits + counts.misses;
  return { enabled, ...counts, hitRate: asked === 0 ? null : counts.hits / asked, cachedFloats };
}

/** Zeroes the counters (a bench measures one workload at a time). */
export function resetAllocatorStats(): void {
  counts.hits = counts.misses = counts.released = counts.dropped = 0;
}

/** Empties the cache (its memory goes back to the GC). */
export function emptyCache(): void {
  free.clear();
  cached.clear();
  cachedFloats = 0;
}

/** Turns the allocator on or off at run time (tests, the bench's A/B); off also empties it. */
export function setCachingAllocatorEnabled(on: boolean): void {
  enabled = on;
  if (!on) emptyCache();
}

export function cachingAllocatorEnabled(): boolean {
  return enabled;
}

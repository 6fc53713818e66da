// `a.matmul(b)` through the public engine, as a user writes it: every call makes a fresh 4 MB
// result that the user drops. What it costs beyond the backend's sgemm into a reused output is
// the allocation (issue 15: page faults on fresh mmapped memory); the caching allocator's glibc
// half (backend/caching-allocator.ts) is what removes it. Minor page faults per call are counted
// too: unlike GFLOPS they do not depend on how busy the machine is.
import { randn, Generator, getBackend } from '../engine';
import { allocatorStats } from '../engine/backend/caching-allocator';
import { secondsPerCall, type MeasureOptions } from './timing';

export interface PublicMatmulFigures {
  n: number;
  backend: string;
  /** `a.matmul(b)`, result dropped each call. */
  gflops: number;
  /** The same backend's sgemm into one reused output, measured right after. */
  sgemmGflops: number;
  /** Minor page faults per `a.matmul(b)` once warm (a fresh 4 MB result that faults in is ≈ 1024). */
  minorFaultsPerCall: number;
  /** Whether the native addon tuned glibc malloc on load (the allocator's process-wide half). */
  mallocTuned: boolean | null;
}

export function publicMatmul(n: number, opts: MeasureOptions): PublicMatmulFigures {
  const rng = new Generator(15);
  const a = randn([n, n], rng), b = randn([n, n], rng);
  const backend = getBackend();
  // Warm: the heap grows to its working size before faults are counted.
  for (let i = 0; i < 50; i++) a.matmul(b);
  const f0 = process.resourceUsage().minorPageFault;
  const reps = 20;
  for (let i = 0; i < reps; i++) a.matmul(b);
  const minorFaultsPerCall = (process.resourceUsage().minorPageFault - f0) / reps;
  const flops = 2 * n * n * n;
  const gflops = flops / secondsPerCall(() => a.matmul(b), opts) / 1e9;
  const c = new Float32Array(n * n);
  const av = a.values, bv = b.values;
  const sgemmGflops = flops / secondsPerCall(() => backend.sgemm(false, false, n, n, n, 1, av, n, bv, n, 0, c, n), opts) / 1e9;
  const tuned = 'mallocTuned' in backend && typeof backend.mallocTuned === 'boolean' ? backend.mallocTuned : null;
  return { n, backend: backend.name, gflops, sgemmGflops, minorFaultsPerCall, mallocTuned: tuned };
}

/** The allocator's counters over a workload: run `fn` between two readings. */
export function allocatorHitRate<T>(fn: () => T): { result: T; hits: number; misses: number; hitRate: number | null } {
  const before = allocatorStats();
  const result = fn();
  const after = allocatorStats();
  const hits = after.hits - before.hits, misses = after.misses - before.misses;
  return { result, hits, misses, hitRate: hits + misses === 0 ? null : hits / (hits + misses) };
}

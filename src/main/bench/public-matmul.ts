// `a.matmul(b)` through the public engine, as a user writes it: every call makes a fresh 4 MB
// result that the user drops. What it costs beyond the backend's sgemm into a reused output is
// the allocation (issue 15: page faults on fresh mmapped memory); the caching allocator's glibc
// half (backend/caching-allocator.ts) is what removes it. Minor page faults per call are counted
// too: unlike GFLOPS they do not depend on how busy the machine is.
import { randn, Generator, getBackend } from '../engine';
import { allocatorStats } from '../engine/backend/caching-allocator';
import { alternateWithNumpy, type AlternatingFigures } from './numpy-rounds';
import { gflopsSampler } from './paired-rounds';
import { sgemmCall } from './sgemm';
import { secondsPerCall, type MeasureOptions } from './timing';

export interface PublicMatmulFigures {
  n: number;
  backend: string;
  /** `a.matmul(b)`, result dropped each call (the median of the rounds when `numpy` is set). */
  gflops: number;
  /**
   * numpy's `a @ b` in rounds alternating with `a.matmul(b)` ('public') and the backend's sgemm
   * into a reused output ('sgemm'); absent without python3 and numpy.
   */
  numpy?: AlternatingFigures<'public' | 'sgemm'>;
  /** The same backend's sgemm into one reused output (in the same rounds when `numpy` is set). */
  sgemmGflops: number;
  /** Minor page faults per `a.matmul(b)` once warm (a fresh 4 MB result that faults in is ≈ 1024). */
  minorFaultsPerCall: number;
  /** Whether the native addon tuned glibc malloc on load (the allocator's process-wide half). */
  mallocTuned: boolean | null;
}

/** `numpy`: where to find python3 for the side-by-side rounds (undefined: the engine alone). */
export async function publicMatmul(n: number, opts: MeasureOptions, numpy?: { python: string; rounds: number }): Promise<PublicMatmulFigures> {
  const rng = new Generator(15);
  const a = randn([n, n], rng), b = randn([n, n], rng);
  const backend = getBackend();
  // Warm: the heap grows to its working size before faults are counted.
  for (let i = 0; i < 50; i++) a.matmul(b);
  const f0 = process.resourceUsage().minorPageFault;
  const reps = 20;
  for (let i = 0; i < reps; i++) a.matmul(b);
  const minorFaultsPerCall = (process.resourceUsage().minorPageFault - f0) / reps;
  const publicCall = (): unknown => a.matmul(b);
  const reusedOutput = sgemmCall(backend, n);
  const gflopsOf = (fn: () => unknown): number => (2 * n ** 3) / secondsPerCall(fn, opts) / 1e9;
  const side = numpy
    ? await alternateWithNumpy({
      public: gflopsSampler(publicCall, n, opts.minSampleMs),
      sgemm: gflopsSampler(reusedOutput, n, opts.minSampleMs),
    }, { python: numpy.python, n, rounds: numpy.rounds, minSampleS: opts.minSampleMs / 1000 })
    : undefined;
  const gflops = side ? side.engine.public.gflops : gflopsOf(publicCall);
  const sgemmGflops = side ? side.engine.sgemm.gflops : gflopsOf(reusedOutput);
  const tuned = 'mallocTuned' in backend && typeof backend.mallocTuned === 'boolean' ? backend.mallocTuned : null;
  return { n, backend: backend.name, gflops, ...(side ? { numpy: side } : {}), sgemmGflops, minorFaultsPerCall, mallocTuned: tuned };
}

/** The allocator's counters over a workload: run `fn` between two readings. */
export function allocatorHitRate<T>(fn: () => T): { result: T; hits: number; misses: number; hitRate: number | null } {
  const before = allocatorStats();
  const result = fn();
  const after = allocatorStats();
  const hits = after.hits - before.hits, misses = after.misses - before.misses;
  return { result, hits, misses, hitRate: hits + misses === 0 ? null : hits / (hits + misses) };
}

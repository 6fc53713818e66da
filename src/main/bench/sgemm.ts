// sgemm throughput of a backend at square sizes, in GFLOPS (2·n³ flops per product).
import type { Backend } from '../engine/backend/types';
import { secondsPerCall, type MeasureOptions } from './timing';

export const SGEMM_SIZES = [64, 128, 256, 512, 1024] as const;

export function filled(length: number, seed: number): Float32Array {
  // A cheap deterministic fill: values in [-1, 1) so products stay finite and denormal-free.
  const out = new Float32Array(length);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}

/** One n×n · n×n product on `backend` per call, into an output reused across calls. */
export function sgemmCall(backend: Backend, n: number): () => void {
  const a = filled(n * n, 1), b = filled(n * n, 2), c = new Float32Array(n * n);
  return () => backend.sgemm(false, false, n, n, n, 1, a, n, b, n, 0, c, n);
}

export function sgemmGflops(backend: Backend, n: number, opts: MeasureOptions): number {
  const seconds = secondsPerCall(sgemmCall(backend, n), opts);
  return (2 * n * n * n) / seconds / 1e9;
}

/** Keeps the slow pure-TS runs short at large sizes while giving fast ones enough samples. */
export function sgemmMeasureOptions(n: number, quick: boolean): MeasureOptions {
  if (quick) return { samples: 3, minSampleMs: n >= 512 ? 60 : 20 };
  return { samples: n >= 512 ? 3 : 5, minSampleMs: n >= 512 ? 200 : 50 };
}

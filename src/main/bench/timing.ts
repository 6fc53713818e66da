// Timing helpers for the benchmark: warm up, then take the median of several samples, each long
// enough that timer resolution and one-off pauses (GC, JIT) do not dominate.
import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface MeasureOptions {
  /** Samples to take after warming up; the median is reported. */
  samples: number;
  /** Minimum duration of one sample; calls are batched until a sample lasts this long. */
  minSampleMs: number;
}

/** Median seconds per call of `fn`. */
export function secondsPerCall(fn: () => void, opts: MeasureOptions): number {
  // Warm-up doubles as calibration: find how many calls fill one sample.
  let calls = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    const ms = performance.now() - t0;
    if (ms >= opts.minSampleMs || calls >= 1 << 24) break;
    calls = ms <= 0 ? calls * 16 : Math.min(calls * 16, Math.ceil((calls * opts.minSampleMs * 1.2) / ms));
  }
  const perCall: number[] = [];
  for (let s = 0; s < opts.samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) fn();
    perCall.push((performance.now() - t0) / 1000 / calls);
  }
  return median(perCall);
}

/** Median seconds of one run of `fn` (for runs that are already long, e.g. a whole training). */
export function secondsPerRun(fn: () => void, warmups: number, samples: number): number {
  for (let i = 0; i < warmups; i++) fn();
  const runs: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    fn();
    runs.push((performance.now() - t0) / 1000);
  }
  return median(runs);
}

/**
 * A sampler of `workPerCall` units per second of `fn` (GFLOPS, steps/s): the first sample finds
 * how many calls last `minSampleMs`, and every sample after it times that many calls, so a side
 * of an alternating round costs one sample and no calibration.
 */
export function rateSampler(fn: () => unknown, workPerCall: number, minSampleMs: number): () => number {
  let calls = 0;
  const time = (k: number): number => {
    const t0 = performance.now();
    for (let i = 0; i < k; i++) fn();
    return performance.now() - t0;
  };
  return () => {
    if (calls === 0) {
      time(1); // the first call pays for compilation and first-touch memory
      calls = Math.max(1, Math.ceil(minSampleMs / Math.max(time(1), 1e-3)));
    }
    return (workPerCall * calls) / (time(calls) / 1000);
  };
}

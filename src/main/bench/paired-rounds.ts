// Two single-threaded implementations in one process, compared in alternating rounds. On these
// VMs even a plain scalar loop runs 40% slower for a few hundred milliseconds at a time, so two
// figures taken tens of seconds apart (the sgemm table's) compare the host's moods as much as the
// kernels: the 512 wasm / ts ratio read anywhere from 6× to 12× on one build. Samples taken side
// by side share the slow spells, and the median of the rounds' ratios sets the odd one aside.
import { median, rateSampler } from './timing';

export interface PairedFigures {
  /** Matrix size of the products compared. */
  n: number;
  rounds: number;
  /** GFLOPS of each round, in order (ours first in even rounds, theirs first in odd ones). */
  ours: number[];
  theirs: number[];
  /** Median of the rounds' ratios ours / theirs. */
  ratio: number;
}

/** GFLOPS of `fn`, one n×n · n×n product (2·n³ flops) per call; see `rateSampler`. */
export function gflopsSampler(fn: () => unknown, n: number, minSampleMs: number): () => number {
  return rateSampler(fn, (2 * n ** 3) / 1e9, minSampleMs);
}

/**
 * `rounds` rounds of one `ours` sample and one `theirs` sample, ours first in even rounds and
 * theirs first in odd ones: whatever one side leaves behind (GC debt, BLAS threads still spinning)
 * falls on both sides alike.
 */
export function pairedRounds(n: number, rounds: number, ours: () => number, theirs: () => number): PairedFigures {
  if (!Number.isInteger(rounds) || rounds < 1) throw new RangeError(`rounds must be an integer ≥ 1, got ${rounds}`);
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      a.push(ours());
      b.push(theirs());
    } else {
      b.push(theirs());
      a.push(ours());
    }
  }
  return { n, rounds, ours: a, theirs: b, ratio: median(a.map((x, i) => x / b[i]!)) };
}

// The bench's in-process alternating rounds (issue 16's single-threaded targets): sample order,
// the median of the rounds' ratios, and a sampler that calibrates once. No speed is asserted.
import { describe, expect, it } from 'vitest';
import { gflopsSampler, pairedRounds } from '../../../src/main/bench/paired-rounds';
import { sgemmCall } from '../../../src/main/bench/sgemm';
import { tsBackend } from '../../../src/main/engine/backend/ts';

describe('pairedRounds', () => {
  it('takes one sample of each side per round, alternating which goes first, and judges by the median of the rounds\' ratios', () => {
    const order: string[] = [];
    const ours = [30, 10, 40, 33, 36], theirs = [3, 5, 4, 3, 4];
    let i = 0, j = 0;
    const fig = pairedRounds(512, 5, () => (order.push('ours'), ours[i++]!), () => (order.push('theirs'), theirs[j++]!));
    expect(order).toEqual(['ours', 'theirs', 'theirs', 'ours', 'ours', 'theirs', 'theirs', 'ours', 'ours', 'theirs']);
    expect(fig).toMatchObject({ n: 512, rounds: 5, ours, theirs });
    // Ratios 10, 2, 10, 11, 9: the slow round (2×) is set aside, where median(ours)/median(theirs) would say 8.25.
    expect(fig.ratio).toBe(10);
  });

  it('refuses a round count that is not a positive integer, naming it', () => {
    expect(() => pairedRounds(8, 0, () => 1, () => 1)).toThrow('rounds must be an integer ≥ 1, got 0');
    expect(() => pairedRounds(8, 2.5, () => 1, () => 1)).toThrow('got 2.5');
  });
});

describe('gflopsSampler', () => {
  it('finds the call count once, then times that many calls per sample', () => {
    let calls = 0;
    const sample = gflopsSampler(() => {
      calls++;
      const t = performance.now();
      while (performance.now() - t < 2) { /* about 2 ms a call */ }
    }, 100, 10);
    const g1 = sample();
    const first = calls;
    sample();
    const second = calls - first;
    sample();
    // The first sample also warms up and calibrates with one call each; later ones repeat the same count.
    expect(calls - first - second).toBe(second);
    expect(first).toBe(second + 2);
    expect(second).toBeGreaterThanOrEqual(1);
    expect(second).toBeLessThanOrEqual(5);
    expect(g1).toBeGreaterThan(0);
    expect(Number.isFinite(g1)).toBe(true);
  });

  it('reports GFLOPS of a real product: 2·n³ flops per call', () => {
    const fig = pairedRounds(32, 3, gflopsSampler(sgemmCall(tsBackend, 32), 32, 1), gflopsSampler(sgemmCall(tsBackend, 32), 32, 1));
    expect(fig.ours.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
    expect(fig.theirs.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
    expect(fig.ratio).toBeGreaterThan(0);
  });
});

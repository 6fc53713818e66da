import { describe, expect, it } from 'vitest';
import { emaSmooth } from '../../../src/renderer/src/lib/smoothing';

describe('emaSmooth (TensorBoard EMA with bias correction)', () => {
  it('weight 0 returns the input', () => {
    expect(emaSmooth([3, 1, 4, 1, 5], 0)).toEqual([3, 1, 4, 1, 5]);
  });

  it('debiases the start: the first smoothed value is the first value, not (1 − w)·x', () => {
    const out = emaSmooth([10, 0], 0.9);
    expect(out[0]).toBeCloseTo(10, 12);
    // last = 0.9·1 + 0 = 0.9 (after last₁ = 1); debias 1 − 0.81 = 0.19 → 0.9/0.19
    expect(out[1]).toBeCloseTo(0.9 / 0.19, 12);
  });

  it('matches the recurrence written out by hand', () => {
    const xs = [4, 2, 8, 6];
    const w = 0.6;
    let last = 0;
    const expected = xs.map((x, i) => {
      last = last * w + (1 - w) * x;
      return last / (1 - w ** (i + 1));
    });
    const got = emaSmooth(xs, w);
    got.forEach((y, i) => expect(y).toBeCloseTo(expected[i]!, 12));
  });

  it('keeps a constant series exactly constant', () => {
    expect(emaSmooth([0.1, 0.1, 0.1], 0.99)).toEqual([0.1, 0.1, 0.1]);
  });

  it('passes non-finite values through without letting them into the average', () => {
    const out = emaSmooth([1, Number.NaN, 3, Infinity, 5], 0.5);
    expect(out[1]).toBeNaN();
    expect(out[3]).toBe(Infinity);
    expect(out[2]).toBeCloseTo(emaSmooth([1, 3], 0.5)[1]!, 12);
    expect(out[4]).toBeCloseTo(emaSmooth([1, 3, 5], 0.5)[2]!, 12);
  });

  it('refuses weights outside [0, 1)', () => {
    expect(() => emaSmooth([1], 1)).toThrow('smoothing weight must be ≥ 0 and < 1, got 1');
    expect(() => emaSmooth([1], -0.1)).toThrow(/got -0.1/);
  });
});

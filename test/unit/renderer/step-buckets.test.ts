import { describe, expect, it } from 'vitest';
import { StepBuckets } from '../../../src/renderer/src/lib/step-buckets';

describe('StepBuckets (downsampling of per-step losses)', () => {
  it('keeps every step while under the cap', () => {
    const b = new StepBuckets(10);
    b.pushAll([5, 4, 3]);
    expect(b.points()).toEqual([{ step: 1, loss: 5 }, { step: 2, loss: 4 }, { step: 3, loss: 3 }]);
  });

  it('halves by averaging neighbours once over the cap, and never holds more than the cap', () => {
    const b = new StepBuckets(4);
    b.pushAll([1, 3, 5, 7, 9]);
    expect(b.every).toBe(2);
    expect(b.points()).toEqual([{ step: 1.5, loss: 2 }, { step: 3.5, loss: 6 }, { step: 5, loss: 9 }]);
    const big = new StepBuckets(100);
    for (let i = 0; i < 100_000; i++) big.push(i);
    expect(big.length).toBeLessThanOrEqual(100);
    expect(big.total).toBe(100_000);
    // Bucket means of 0..n−1 sit on y = x − 1 at their centre step.
    for (const p of big.points()) expect(p.loss).toBeCloseTo(p.step - 1, 9);
  });

  it('thins the way the run store does, so a restored series equals the live one', () => {
    const losses = Array.from({ length: 37 }, (_, i) => Math.sin(i) + 2);
    const live = new StepBuckets(8);
    live.pushAll(losses);
    // The store's thinning: mean of each `every` consecutive steps.
    const every = 2;
    const saved: number[] = [];
    for (let s = 0; s < losses.length; s += every) {
      const part = losses.slice(s, s + every);
      saved.push(part.reduce((a, b) => a + b, 0) / part.length);
    }
    const restored = StepBuckets.fromThinned(every, saved, losses.length, 8);
    expect(restored.every).toBe(live.every);
    const a = live.points();
    const b = restored.points();
    expect(b.map((p) => p.step)).toEqual(a.map((p) => p.step));
    // The last bucket is partial in both; full buckets agree.
    b.slice(0, -1).forEach((p, i) => expect(p.loss).toBeCloseTo(a[i]!.loss, 12));
  });

  it('leaves non-finite losses out of the means and drops buckets with none', () => {
    const b = new StepBuckets(10);
    b.pushAll([1, Number.NaN, Infinity, 3]);
    expect(b.points()).toEqual([{ step: 1, loss: 1 }, { step: 4, loss: 3 }]);
    const r = StepBuckets.fromThinned(1, [2, null, 4], 3);
    expect(r.points()).toEqual([{ step: 1, loss: 2 }, { step: 3, loss: 4 }]);
  });

  it('refuses a cap below 2', () => {
    expect(() => new StepBuckets(1)).toThrow('maxBuckets must be a whole number ≥ 2, got 1');
  });
});

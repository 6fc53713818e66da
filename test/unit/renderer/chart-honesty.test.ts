// Charts say only what is true (issue 14 item 15): no vertical model line after divergence, evenly
// spaced accuracy ticks.
import { describe, expect, it } from 'vitest';
import { accuracyAxis } from '../../../src/renderer/src/lib/chart-axis';
import { visibleFit } from '../../../src/renderer/src/lib/fit';

describe('the model line after divergence', () => {
  const yRange: [number, number] = [-10, 25];
  it('is kept while it crosses the plot at a readable slope', () => {
    const line: Array<[number, number]> = [[-3, -5], [3, 20]];
    expect(visibleFit(line, yRange)).toEqual(line);
    // Steep, but a good part of it inside the plot: kept (an early, wild model is still shown).
    expect(visibleFit([[-3, -60], [3, 60]], yRange)).toHaveLength(2);
  });

  it('is dropped when only a vertical sliver of it would cross the plot, or none at all', () => {
    expect(visibleFit([[-3, -3e30], [3, 3e30]], yRange)).toEqual([]);
    expect(visibleFit([[-3, 1e6], [3, 2e6]], yRange)).toEqual([]);
    // A curve (polyfit) that shoots off: the same rule over its samples.
    const curve = Array.from({ length: 200 }, (_, i) => [i / 10, i === 100 ? 0 : 1e9 * (i - 100)] as [number, number]);
    expect(visibleFit(curve, yRange)).toEqual([]);
  });
});

describe('accuracy axis', () => {
  const ticks = ({ min, max, interval }: { min: number; max: number; interval: number }): number[] =>
    Array.from({ length: Math.round((max - min) / interval) + 1 }, (_, i) => Number((min + i * interval).toFixed(10)));

  it('is the book range with ticks every 0.1 while the values fit it', () => {
    expect(accuracyAxis([0.5, 0.78, 0.81])).toEqual({ min: 0.3, max: 0.9, interval: 0.1 });
    expect(ticks(accuracyAxis([0.5, 0.78, 0.81]))).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
  });

  it('widens to a first-epoch loss above 1 with evenly spaced ticks (was 0.3, 0.4, 0.6, 0.8, 1, 1.1)', () => {
    const axis = accuracyAxis([1.05, 0.62, 0.8, 0.83]);
    expect(axis).toEqual({ min: 0.3, max: 1.1, interval: 0.1 });
    const t = ticks(axis);
    const gaps = t.slice(1).map((x, i) => Number((x - t[i]!).toFixed(10)));
    expect(t).toEqual([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1]);
    expect(new Set(gaps)).toEqual(new Set([0.1]));
    expect(accuracyAxis([1.6, 0.2])).toEqual({ min: 0.2, max: 1.6, interval: 0.2 });
    expect(accuracyAxis([2.31, 0.1])).toEqual({ min: 0, max: 2.5, interval: 0.5 });
    expect(accuracyAxis([Number.NaN, 0.5])).toEqual({ min: 0.3, max: 0.9, interval: 0.1 });
  });
});

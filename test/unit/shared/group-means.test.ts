import { describe, expect, it } from 'vitest';
import { groupMeans } from '../../../src/shared/group-means';

describe('groupMeans', () => {
  it('keeps short series as they are', () => {
    expect(groupMeans([1, 2, 3], 3)).toEqual({ every: 1, means: [1, 2, 3] });
    expect(groupMeans([], 10)).toEqual({ every: 1, means: [] });
  });

  it('averages equal groups, the last one shorter', () => {
    expect(groupMeans([1, 2, 3, 4, 5, 6, 7], 3)).toEqual({ every: 3, means: [2, 5, 7] });
    expect(groupMeans(Float32Array.from([0, 2, 4, 6]), 2)).toEqual({ every: 2, means: [1, 5] });
  });

  it('never returns more than max points', () => {
    for (const n of [1, 999, 1000, 1001, 123_457]) expect(groupMeans(new Array<number>(n).fill(1), 1000).means.length).toBeLessThanOrEqual(1000);
  });
});

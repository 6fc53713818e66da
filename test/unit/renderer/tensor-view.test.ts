// Chapter 6's tensor views in the renderer: slicing (C, H, W) and (O, I, H, W) tensors into the
// 2-D images and tables the feature-map, kernel and matrix plots draw, and their grey scale.
import { describe, expect, it } from 'vitest';
import { formatEntry, greyRgba, rangeOf, slicesOf } from '../../../src/renderer/src/lib/tensor-view';

describe('slicesOf', () => {
  it('gives one row for a vector, one matrix for 2-D, one slice per leading index otherwise', () => {
    expect(slicesOf({ name: 'v', shape: [3], data: [1, 2, 3] })).toEqual([{ label: 'v', rows: 1, cols: 3, values: [1, 2, 3] }]);
    expect(slicesOf({ name: 'm', shape: [2, 2], data: [1, 2, 3, 4] })[0]).toMatchObject({ rows: 2, cols: 2 });
    const k = slicesOf({ name: '0.weight', shape: [2, 3, 1, 2], data: Array.from({ length: 12 }, (_, i) => i) });
    expect(k.map((s) => s.label)).toEqual(['0.weight[0][0]', '0.weight[0][1]', '0.weight[0][2]', '0.weight[1][0]', '0.weight[1][1]', '0.weight[1][2]']);
    expect(k[4]!.values).toEqual([8, 9]);
  });
});

describe('grey scale', () => {
  it('spans the finite range over all slices, smallest black and largest white', () => {
    const slices = slicesOf({ name: 'x', shape: [2, 1, 2], data: [-1, 0, 1, Number.NaN] });
    const range = rangeOf(slices);
    expect(range).toEqual([-1, 1]);
    expect(Array.from(greyRgba(slices[0]!, range)).filter((_, i) => i % 4 === 0)).toEqual([0, 128]);
    // NaN is drawn mid-grey rather than breaking the image.
    expect(Array.from(greyRgba(slices[1]!, range)).filter((_, i) => i % 4 === 0)).toEqual([255, 128]);
  });

  it('draws a constant slice mid-grey, and has a range with nothing finite', () => {
    const flat = slicesOf({ name: 'c', shape: [1, 2], data: [3, 3] });
    expect(Array.from(greyRgba(flat[0]!, rangeOf(flat))).slice(0, 4)).toEqual([128, 128, 128, 255]);
    expect(rangeOf([])).toEqual([0, 1]);
  });
});

describe('formatEntry', () => {
  it('shows whole numbers as they are and others to 4 significant digits', () => {
    expect(formatEntry(120)).toBe('120');
    expect(formatEntry(-1)).toBe('-1');
    expect(formatEntry(1.1111111640930176)).toBe('1.111');
    expect(formatEntry(0.000123456)).toBe('0.0001235');
  });
});

import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { decompressIdx, decompressIdxAsync, parseIdxImages, parseIdxLabels } from '../../../src/main/services/datasets/idx';
import { idxImages, idxLabels, LABEL_MAGIC, syntheticSplit } from './idx-fixtures';

const F = 'train-images-idx3-ubyte.gz';

describe('IDX parsing', () => {
  const { pixels, labels } = syntheticSplit(3, 1);

  it('reads images and labels with their counts', () => {
    const img = parseIdxImages(idxImages(pixels), F);
    expect(img.count).toBe(3);
    expect(Array.from(img.pixels)).toEqual(Array.from(pixels));
    const lbl = parseIdxLabels(idxLabels(labels), 'l');
    expect(lbl.count).toBe(3);
    expect(Array.from(lbl.labels)).toEqual([0, 1, 2]);
  });

  it('gunzips by content, raw bytes pass through', async () => {
    const raw = idxImages(pixels);
    expect(Array.from(decompressIdx(gzipSync(raw), F))).toEqual(Array.from(raw));
    expect(decompressIdx(raw, F)).toBe(raw);
    expect(Array.from(await decompressIdxAsync(gzipSync(raw), F))).toEqual(Array.from(raw));
  });

  it('refuses a wrong magic number, naming the file and both numbers', () => {
    expect(() => parseIdxImages(idxImages(pixels, 3, { magic: LABEL_MAGIC }), F)).toThrow(
      `${F}: IDX magic number is 0x00000801 (that is a labels file), expected 0x00000803 for images`,
    );
    expect(() => parseIdxLabels(idxLabels(labels, 3, { magic: 0x12345678 }), 'lbl.gz')).toThrow(
      'lbl.gz: IDX magic number is 0x12345678, expected 0x00000801 for labels',
    );
  });

  it('refuses images that are not 28×28', () => {
    expect(() => parseIdxImages(idxImages(pixels, 3, { rows: 32 }), F)).toThrow(`${F}: images are 32×28, expected 28×28`);
  });

  it('refuses truncated and over-long files with the byte counts', () => {
    const full = idxImages(pixels);
    expect(() => parseIdxImages(full.subarray(0, full.length - 1), F)).toThrow(`${F}: truncated: 2367 bytes, expected 2368 for 3 images of 28×28`);
    const longer = new Uint8Array(full.length + 5);
    longer.set(full);
    expect(() => parseIdxImages(longer, F)).toThrow(/has trailing bytes: 2373 bytes, expected 2368/);
    expect(() => parseIdxImages(full.subarray(0, 10), F)).toThrow(`${F}: 10 bytes is too short for an IDX images header (16 bytes)`);
    expect(() => parseIdxLabels(idxLabels(labels).subarray(0, 9), 'l')).toThrow('l: truncated: 9 bytes, expected 11 for 3 labels');
  });

  it('refuses a label outside 0..9', () => {
    expect(() => parseIdxLabels(idxLabels(new Uint8Array([1, 10])), 'l')).toThrow('l: label 1 is 10, expected a class index 0..9');
  });

  it('refuses a truncated gzip stream, naming the file', async () => {
    const gz = gzipSync(idxImages(pixels));
    const cut = gz.subarray(0, gz.length - 20);
    expect(() => decompressIdx(cut, F)).toThrow(new RegExp(`^${F}: not a valid gzip file .*truncated or corrupt`));
    await expect(decompressIdxAsync(cut, F)).rejects.toThrow(new RegExp(`^${F}: not a valid gzip file`));
  });
});

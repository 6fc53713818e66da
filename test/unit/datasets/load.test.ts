import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  CACHE_FILE_NAME, DatasetMissingError, clearDatasetMemory, dataDirFashionFolder, datasetMemorySize, loadFashionMnist,
  loadFashionMnistAsync, samplesOf,
} from '../../../src/main/services/datasets';
import { useFashionDirs } from './fashion-dirs';
import { fashionFiles, idxImages, idxLabels, NAMES, syntheticSplit, writeFiles } from './idx-fixtures';

const at = useFashionDirs('d2l-fmnist-');
const train = syntheticSplit(30, 1);
const test = syntheticSplit(12, 2);

const cacheFile = (): string => join(dataDirFashionFolder(at.dataDir), CACHE_FILE_NAME);

describe('loadFashionMnist', () => {
  it.each([true, false])('reads the four files (gzip %s) with pixels and labels intact', (gzip) => {
    writeFiles(at.system, fashionFiles(train, test, gzip));
    const ds = loadFashionMnist(at.dataDir, { searchDirs: at.dirs });
    expect(ds.source).toEqual({ dir: at.system, kind: 'system' });
    expect(ds.train.count).toBe(30);
    expect(ds.test.count).toBe(12);
    expect(Array.from(ds.train.pixels)).toEqual(Array.from(train.pixels));
    expect(Array.from(ds.test.labels)).toEqual(Array.from(test.labels));
  });

  it('prefers the data directory over the system folder', () => {
    writeFiles(at.system, fashionFiles(train, test));
    writeFiles(dataDirFashionFolder(at.dataDir), fashionFiles(test, train));
    const ds = loadFashionMnist(at.dataDir, { searchDirs: at.dirs });
    expect(ds.source.kind).toBe('data-dir');
    expect(ds.train.count).toBe(12);
  });

  it('falls back to the system folder while the data directory holds only some of the files', () => {
    writeFiles(at.system, fashionFiles(train, test));
    const partial = fashionFiles(test, train);
    writeFiles(dataDirFashionFolder(at.dataDir), { [NAMES.trainImages]: partial[NAMES.trainImages]! });
    expect(loadFashionMnist(at.dataDir, { searchDirs: at.dirs }).source.kind).toBe('system');
  });

  it('says where it looked and how to fix a missing dataset', () => {
    const load = (): unknown => loadFashionMnist(at.dataDir, { searchDirs: at.dirs });
    expect(load).toThrow(DatasetMissingError);
    expect(load).toThrow(`Looked in: ${at.dirs[0]!.dir} (missing train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz)`);
    expect(load).toThrow('sudo apt-get install dataset-fashion-mnist');
    expect(load).toThrow(`copy them into ${dataDirFashionFolder(at.dataDir)}`);
  });

  it.each([
    ['bad magic', (f: Record<string, Uint8Array>) => (f[NAMES.testLabels] = gzipSync(idxLabels(test.labels, 12, { magic: 0x803 }))), NAMES.testLabels, /IDX magic number is 0x00000803/],
    ['truncated gzip', (f: Record<string, Uint8Array>) => (f[NAMES.trainImages] = f[NAMES.trainImages]!.subarray(0, 200)), NAMES.trainImages, /not a valid gzip file/],
    ['truncated data', (f: Record<string, Uint8Array>) => (f[NAMES.testImages] = gzipSync(idxImages(test.pixels, 13))), NAMES.testImages, /truncated: 9424 bytes, expected 10208 for 13 images/],
    ['count mismatch', (f: Record<string, Uint8Array>) => (f[NAMES.trainLabels] = gzipSync(idxLabels(train.labels.subarray(0, 29)))), NAMES.trainLabels, /holds 30 images but .* holds 29 labels; they must match/],
  ] as const)('%s: an error naming the file, nothing cached', async (_what, spoil, file, why) => {
    const files = fashionFiles(train, test);
    spoil(files);
    writeFiles(at.system, files);
    const load = (): unknown => loadFashionMnist(at.dataDir, { searchDirs: at.dirs });
    expect(load).toThrow(join(at.system, file));
    expect(load).toThrow(why);
    await expect(loadFashionMnistAsync(at.dataDir, { searchDirs: at.dirs })).rejects.toThrow(why);
    expect(datasetMemorySize()).toBe(0);
    expect(existsSync(cacheFile())).toBe(false);
  });

  it('writes a decoded cache file once and reads it back in a fresh process state', async () => {
    writeFiles(at.system, fashionFiles(train, test));
    const first = loadFashionMnist(at.dataDir, { searchDirs: at.dirs });
    expect(existsSync(cacheFile())).toBe(true);
    // Same object while in memory.
    expect(loadFashionMnist(at.dataDir, { searchDirs: at.dirs })).toBe(first);
    clearDatasetMemory();
    // Spoil the source without touching its size or time: a load that used the source would fail.
    const spoilt = join(at.system, NAMES.trainImages);
    const st = statSync(spoilt);
    writeFileSync(spoilt, new Uint8Array(st.size));
    utimesSync(spoilt, st.atime, st.mtime);
    const fromCache = loadFashionMnist(at.dataDir, { searchDirs: at.dirs });
    expect(Array.from(fromCache.train.pixels)).toEqual(Array.from(train.pixels));
    expect(Array.from(fromCache.test.labels)).toEqual(Array.from(test.labels));
    expect(fromCache.train.pixels.byteOffset % 4).toBe(0);
    clearDatasetMemory();
    const asyncCopy = await loadFashionMnistAsync(at.dataDir, { searchDirs: at.dirs });
    expect(Array.from(asyncCopy.train.labels)).toEqual(Array.from(train.labels));
  });

  it('ignores a cache file made from other source files', () => {
    writeFiles(at.system, fashionFiles(train, test));
    loadFashionMnist(at.dataDir, { searchDirs: at.dirs });
    clearDatasetMemory();
    const other = syntheticSplit(30, 9);
    writeFiles(at.system, fashionFiles(other, test));
    // Force a different mtime even on coarse file systems.
    const later = new Date(Date.now() + 5000);
    utimesSync(join(at.system, NAMES.trainImages), later, later);
    expect(Array.from(loadFashionMnist(at.dataDir, { searchDirs: at.dirs }).train.pixels)).toEqual(Array.from(other.pixels));
  });

  it('ignores a damaged cache file and replaces it', () => {
    writeFiles(at.system, fashionFiles(train, test));
    loadFashionMnist(at.dataDir, { searchDirs: at.dirs });
    clearDatasetMemory();
    const bytes = readFileSync(cacheFile());
    writeFileSync(cacheFile(), bytes.subarray(0, bytes.length - 1));
    expect(loadFashionMnist(at.dataDir, { searchDirs: at.dirs }).train.count).toBe(30);
    expect(readFileSync(cacheFile()).length).toBe(bytes.length);
  });

  it('works without writing a cache file when asked', () => {
    writeFiles(at.system, fashionFiles(train, test));
    loadFashionMnist(at.dataDir, { searchDirs: at.dirs, cacheFile: false });
    expect(existsSync(cacheFile())).toBe(false);
  });
});

describe('samplesOf', () => {
  it('returns the images as base64 bytes with their labels', () => {
    writeFiles(at.system, fashionFiles(train, test));
    const ds = loadFashionMnist(at.dataDir, { searchDirs: at.dirs });
    const s = samplesOf(ds, 'test', [3, 0]);
    expect(s.labels).toEqual([3, 0]);
    expect(s.width).toBe(28);
    const px = Buffer.from(s.pixels, 'base64');
    expect(px.length).toBe(2 * 784);
    expect(Array.from(px.subarray(0, 784))).toEqual(Array.from(test.pixels.subarray(3 * 784, 4 * 784)));
    expect(() => samplesOf(ds, 'test', [12])).toThrow('sample index 12 is out of range for the test split (0..11)');
    expect(() => samplesOf(ds, 'train', Array.from({ length: 101 }, () => 0))).toThrow('at most 100 samples per request, got 101');
  });
});

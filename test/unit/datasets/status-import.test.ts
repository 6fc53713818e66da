import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  DatasetImportError, dataDirFashionFolder, datasetStatus, importDataset, loadFashionMnist,
} from '../../../src/main/services/datasets';
import { createDatasetsHandlers } from '../../../src/main/handlers/datasets';
import { dispatch, type Handlers } from '../../../src/main/dispatch';
import type { Reply } from '../../../src/shared/api';
import { useFashionDirs } from './fashion-dirs';
import { fashionFiles, idxImages, NAMES, syntheticSplit, writeFiles } from './idx-fixtures';

const at = useFashionDirs('d2l-fmnist-import-');
const train = syntheticSplit(20, 3);
const test = syntheticSplit(10, 4);

const asImport = (files: Record<string, Uint8Array>) => Object.entries(files).map(([name, bytes]) => ({ name, bytes }));

describe('datasetStatus', () => {
  it('reports a missing dataset with every folder searched and the fix', async () => {
    const s = await datasetStatus(at.dataDir, { searchDirs: at.dirs });
    expect(s.found).toBe(false);
    expect(s.location).toBeUndefined();
    expect(s.searched.map((d) => d.kind)).toEqual(['data-dir', 'system']);
    expect(s.searched[1]!.missing).toEqual([NAMES.trainImages, NAMES.trainLabels, NAMES.testImages, NAMES.testLabels]);
    expect(s.fix!.en).toContain('apt-get install dataset-fashion-mnist');
    expect(s.fix!.zh).toContain('导入');
    expect(s.importDir).toBe(dataDirFashionFolder(at.dataDir));
  });

  it('reports where the files are, their sizes and header counts without decoding them', async () => {
    const files = fashionFiles(train, test);
    writeFiles(at.system, files);
    const s = await datasetStatus(at.dataDir, { searchDirs: at.dirs });
    expect(s.found).toBe(true);
    expect(s.location).toEqual({ dir: at.system, kind: 'system' });
    expect(s.fix).toBeUndefined();
    expect(s.files.map((f) => [f.name, f.bytes, f.count])).toEqual([
      [NAMES.trainImages, files[NAMES.trainImages]!.length, 20],
      [NAMES.trainLabels, files[NAMES.trainLabels]!.length, 20],
      [NAMES.testImages, files[NAMES.testImages]!.length, 10],
      [NAMES.testLabels, files[NAMES.testLabels]!.length, 10],
    ]);
  });

  it('names an unreadable header as the file\'s problem', async () => {
    const files = fashionFiles(train, test);
    files[NAMES.testImages] = gzipSync(new Uint8Array(4));
    writeFiles(at.system, files);
    const s = await datasetStatus(at.dataDir, { searchDirs: at.dirs });
    const bad = s.files.find((f) => f.name === NAMES.testImages)!;
    expect(bad.count).toBeUndefined();
    expect(bad.problem).toMatch(/too short for an IDX images header/);
  });
});

describe('importDataset', () => {
  it('copies valid files (gz or raw) into the data directory, where loads then find them', async () => {
    const raw = fashionFiles(train, test, false);
    const written = await importDataset(at.dataDir, asImport(raw));
    expect(written).toHaveLength(4);
    const folder = dataDirFashionFolder(at.dataDir);
    expect(readdirSync(folder).sort()).toEqual(Object.keys(raw).sort());
    for (const [name, bytes] of Object.entries(raw)) expect(Buffer.compare(readFileSync(join(folder, name)), bytes)).toBe(0);
    const s = await datasetStatus(at.dataDir, { searchDirs: at.dirs });
    expect(s.location?.kind).toBe('data-dir');
    expect(loadFashionMnist(at.dataDir, { searchDirs: at.dirs }).test.count).toBe(10);
  });

  it('replaces the other spelling of a file it imports', async () => {
    await importDataset(at.dataDir, asImport(fashionFiles(train, test, false)));
    const gz = fashionFiles(train, test, true);
    await importDataset(at.dataDir, [{ name: NAMES.trainImages, bytes: gz[NAMES.trainImages]! }]);
    const names = readdirSync(dataDirFashionFolder(at.dataDir));
    expect(names).toContain(NAMES.trainImages);
    expect(names).not.toContain(NAMES.trainImages.replace('.gz', ''));
  });

  it.each([
    ['an unknown name', [{ name: 'notes.txt', bytes: new Uint8Array(3) }], /"notes.txt" is not a Fashion-MNIST file name; expected one of: train-images-idx3-ubyte.gz, train-images-idx3-ubyte/],
    ['a path instead of a name', [{ name: `../${NAMES.trainLabels}`, bytes: new Uint8Array(3) }], /is not a Fashion-MNIST file name/],
    ['a truncated file', [{ name: NAMES.trainImages, bytes: gzipSync(idxImages(train.pixels, 21)) }], /^train-images-idx3-ubyte.gz: truncated: 15696 bytes, expected 16480 for 21 images/],
    ['the same file twice', [{ name: NAMES.testLabels, bytes: new Uint8Array(0) }, { name: 't10k-labels-idx1-ubyte', bytes: new Uint8Array(0) }], /are the same file \(test labels\)/],
  ])('refuses %s and writes nothing', async (_what, files, why) => {
    // One good file first: it must not be written either.
    const good = fashionFiles(train, test);
    const batch = [{ name: NAMES.testImages, bytes: good[NAMES.testImages]! }, ...files];
    await expect(importDataset(at.dataDir, batch)).rejects.toThrow(why);
    expect(existsSync(dataDirFashionFolder(at.dataDir))).toBe(false);
  });

  it('refuses images and labels of one split that disagree in count', async () => {
    const a = fashionFiles(train, test);
    const b = fashionFiles(syntheticSplit(7, 1), test);
    const err = await importDataset(at.dataDir, [
      { name: NAMES.trainImages, bytes: a[NAMES.trainImages]! },
      { name: NAMES.trainLabels, bytes: b[NAMES.trainLabels]! },
    ]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetImportError);
    expect((err as Error).message).toBe('train images and labels disagree: train-labels-idx1-ubyte.gz holds 7, its partner holds 20');
    expect(existsSync(dataDirFashionFolder(at.dataDir))).toBe(false);
  });
});

describe('datasets.* requests', () => {
  const handlers = (): Handlers => createDatasetsHandlers({ dataDir: at.dataDir, options: { searchDirs: at.dirs } }) as unknown as Handlers;
  const call = <T>(name: string, payload: unknown) => dispatch(handlers(), name, payload) as Promise<Reply<T>>;

  it('imports base64 files and reports the new status', async () => {
    const files = Object.entries(fashionFiles(train, test)).map(([fileName, b]) => ({ fileName, base64: Buffer.from(b).toString('base64') }));
    const reply = await call<{ found: boolean; location: { kind: string } }>('datasets.import', { files });
    expect(reply.ok && reply.result.found && reply.result.location.kind).toBe('data-dir');
  });

  it('turns a bad file into an invalid-payload error that names it', async () => {
    const reply = await call('datasets.import', { files: [{ fileName: NAMES.trainLabels, base64: Buffer.from('nope').toString('base64') }] });
    expect(reply).toEqual({ ok: false, error: { code: 'invalid-payload', message: expect.stringMatching(/^train-labels-idx1-ubyte.gz: 4 bytes is too short/) } });
  });

  it('checks payloads: at most 100 samples, a known split, base64 files', async () => {
    const many = await call('datasets.samples', { split: 'test', indices: Array.from({ length: 101 }, () => 0) });
    expect(!many.ok && many.error.message).toMatch(/at most 100 samples per request/);
    const split = await call('datasets.samples', { split: 'valid', indices: [] });
    expect(!split.ok && split.error.code).toBe('invalid-payload');
    const notB64 = await call('datasets.import', { files: [{ fileName: NAMES.trainLabels, base64: '***' }] });
    expect(!notB64.ok && notB64.error.message).toMatch(/base64/);
    const none = await call('datasets.import', { files: [] });
    expect(!none.ok && none.error.message).toMatch(/at least one file/);
  });

  it('serves samples, and says not-found with the fix when the dataset is missing', async () => {
    const missing = await call('datasets.samples', { split: 'train', indices: [0] });
    expect(!missing.ok && missing.error.code).toBe('not-found');
    expect(!missing.ok && missing.error.message).toMatch(/apt-get install dataset-fashion-mnist/);
    writeFiles(at.system, fashionFiles(train, test));
    const ok = await call<{ labels: number[]; pixels: string }>('datasets.samples', { split: 'train', indices: [0, 1, 19] });
    expect(ok.ok && ok.result.labels).toEqual([0, 1, 9]);
    const out = await call('datasets.samples', { split: 'train', indices: [20] });
    expect(!out.ok && out.error).toEqual({ code: 'invalid-payload', message: 'sample index 20 is out of range for the train split (0..19)' });
    const status = await call<{ found: boolean }>('datasets.status', null);
    expect(status.ok && status.result.found).toBe(true);
  });
});

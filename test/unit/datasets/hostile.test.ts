// Issue 12, items 2, 3 and 5 for Fashion-MNIST: a gzip bomb is refused before it is inflated, a
// FIFO under a dataset or cache name never hangs a request, status checks that the four files
// agree, and an import killed at any point leaves the old set of files or the new one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { answers, mkfifo, releaseFifos } from '../security/hostile-fixtures';
import { fashionFiles, idxImages, idxLabels, NAMES, syntheticSplit, writeFiles } from './idx-fixtures';

// A writer "killed" at the n-th file-system change: that call never returns, so what is on disk is
// exactly what a SIGKILL at that moment would leave. A fresh module graph then plays the next start.
// `hung` is told when the at-th change hangs: the test learns of the "kill" from the mock itself,
// not from a timer that a slow disk could outlast.
const crash = vi.hoisted(() => ({ at: Number.POSITIVE_INFINITY, count: 0, hung: undefined as (() => void) | undefined }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const step = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      if (++crash.count !== crash.at) return fn(...args);
      crash.hung?.();
      return new Promise<R>(() => undefined);
    };
  const mutating = {
    rename: step(real.rename),
    link: step(real.link),
    copyFile: step(real.copyFile),
    rm: step(real.rm),
    mkdir: step(real.mkdir),
    writeFile: step(real.writeFile),
    // Opening for writing creates a file; opening a directory to flush it is a step too.
    open: step(real.open),
  };
  return { ...real, ...mutating, default: { ...real, ...mutating } };
});
// The writers load node:fs/promises through files/lazy-builtins (process.getBuiltinModule, which
// vi.mock does not reach): hand them the faked module above.
vi.mock('../../../src/main/files/lazy-builtins', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/main/files/lazy-builtins')>()),
  fsPromises: () => import('node:fs/promises'),
}));

type Datasets = typeof import('../../../src/main/services/datasets');
const load = (): Promise<Datasets> => import('../../../src/main/services/datasets');

let root: string;
let dataDir: string;

beforeEach(() => {
  crash.at = Number.POSITIVE_INFINITY;
  root = mkdtempSync(join(tmpdir(), 'd2l-datasets-hostile-'));
  dataDir = join(root, 'data');
});
afterEach(() => {
  // A reader still blocked on a FIFO (the code before the fix) is released by a writer opening it.
  releaseFifos();
  rmSync(root, { recursive: true, force: true });
});

/** gzip members concatenated: a header member, then `members` × 8 MiB of zeros at ~8 KB each. */
function gzipBomb(head: Uint8Array, members: number): Uint8Array {
  const zeros = gzipSync(new Uint8Array(8 * 1024 * 1024), { level: 9 });
  const parts = [gzipSync(head), ...Array.from({ length: members }, () => zeros)];
  return Buffer.concat(parts);
}

describe('gzip bombs (item 3)', () => {
  it('refuses a file that inflates past the size its IDX header announces, without inflating the rest', async () => {
    const ds = await load();
    // 100 images announced (78,416 bytes); 200 MiB of zeros follow in a 230 KB file.
    const bomb = gzipBomb(idxImages(new Uint8Array(0), 100), 25);
    expect(bomb.length).toBeLessThan(400_000);
    const err = await ds.importDataset(dataDir, [{ name: NAMES.trainImages, bytes: bomb }]).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toBe(
      `${NAMES.trainImages}: inflates to more than the 78416 bytes its IDX header announces (100 images of 28×28); refused before inflating the rest`,
    );
    expect(existsSync(ds.dataDirFashionFolder(dataDir))).toBe(false);
  });

  it('refuses a header that announces more than a Fashion-MNIST file can hold, naming both sizes', async () => {
    const ds = await load();
    const head = idxLabels(new Uint8Array(0), 0xffffffff);
    const err = await ds.importDataset(dataDir, [{ name: NAMES.trainLabels, bytes: gzipBomb(head, 2) }]).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toBe(`${NAMES.trainLabels}: its IDX header announces 4294967295 labels, 4294967303 bytes; a Fashion-MNIST file holds at most ${64 * 1024 * 1024} bytes`);
  });

  it('refuses a bomb dropped straight into the data folder when the images are asked for', async () => {
    const ds = await load();
    const files = fashionFiles(syntheticSplit(20, 1), syntheticSplit(10, 2));
    files[NAMES.testImages] = gzipBomb(idxImages(new Uint8Array(0), 10), 25);
    writeFiles(ds.dataDirFashionFolder(dataDir), files);
    ds.clearDatasetMemory();
    await expect(ds.samples(dataDir, 'test', [0], { cacheFile: false })).rejects.toThrow(/inflates to more than the 7856 bytes its IDX header announces/);
  });
});

describe('FIFOs and other odd files in the dataset folders (item 2)', () => {
  it('a FIFO as the decoded cache is ignored and replaced; a FIFO as a dataset file is not a dataset file', async () => {
    const ds = await load();
    const folder = ds.dataDirFashionFolder(dataDir);
    writeFiles(folder, fashionFiles(syntheticSplit(20, 1), syntheticSplit(10, 2)));
    mkfifo(join(folder, ds.CACHE_FILE_NAME));
    ds.clearDatasetMemory();
    const got = await answers(ds.samples(dataDir, 'train', [0, 1]), 'datasets.samples with a FIFO cache');
    expect(got.labels).toEqual([0, 1]);

    const other = join(root, 'other');
    writeFiles(other, fashionFiles(syntheticSplit(20, 1), syntheticSplit(10, 2)));
    rmSync(join(other, NAMES.testLabels));
    mkfifo(join(other, NAMES.testLabels));
    const dirs = [{ dir: other, kind: 'custom' as const }];
    const status = await answers(ds.datasetStatus(dataDir, { searchDirs: dirs }), 'datasets.status with a FIFO');
    expect(status.found).toBe(false);
    expect(status.searched[0]!.missing).toEqual([NAMES.testLabels]);
  });

  it('the worker\'s synchronous load never opens a FIFO reached through a symbolic link', async () => {
    const ds = await load();
    const folder = ds.dataDirFashionFolder(dataDir);
    writeFiles(folder, fashionFiles(syntheticSplit(20, 1), syntheticSplit(10, 2)));
    ds.clearDatasetMemory();
    // The cache name links to a FIFO elsewhere: the loader must notice, not block the worker.
    symlinkSync(mkfifo(join(root, 'pipe')), join(folder, ds.CACHE_FILE_NAME));
    expect(ds.loadFashionMnist(dataDir, { searchDirs: [{ dir: folder, kind: 'data-dir' }] }).train.count).toBe(20);
  });
});

describe('status checks that the four files agree (item 5)', () => {
  it('says not found, with the counts, when a split\'s images and labels disagree', async () => {
    const ds = await load();
    const folder = ds.dataDirFashionFolder(dataDir);
    const files = fashionFiles(syntheticSplit(20, 1), syntheticSplit(10, 2));
    files[NAMES.trainLabels] = fashionFiles(syntheticSplit(7, 3), syntheticSplit(1, 1))[NAMES.trainLabels]!;
    writeFiles(folder, files);
    const status = await ds.datasetStatus(dataDir, { searchDirs: [{ dir: folder, kind: 'data-dir' }] });
    expect(status.found).toBe(false);
    expect(status.fix).toBeDefined();
    const problem = `${NAMES.trainImages} holds 20 images but ${NAMES.trainLabels} holds 7 labels; import both files of the train split again`;
    expect(status.files.filter((f) => f.problem).map((f) => [f.name, f.problem])).toEqual([
      [NAMES.trainImages, problem],
      [NAMES.trainLabels, problem],
    ]);
  });

  it('says not found when an uncompressed file is not the size its header announces', async () => {
    const ds = await load();
    const folder = ds.dataDirFashionFolder(dataDir);
    const files = fashionFiles(syntheticSplit(20, 1), syntheticSplit(10, 2), false);
    const name = NAMES.testImages.replace(/\.gz$/, '');
    files[name] = files[name]!.subarray(0, files[name]!.length - 100);
    writeFiles(folder, files);
    const status = await ds.datasetStatus(dataDir, { searchDirs: [{ dir: folder, kind: 'data-dir' }] });
    expect(status.found).toBe(false);
    expect(status.files.find((f) => f.name === name)?.problem).toBe(`${name} is 7756 bytes but its header announces 10 images (7856 bytes)`);
  });
});

describe('an import killed at any point (item 5)', () => {
  it('leaves the old four files or the new four, never a mix, and the next start finishes the switch', async () => {
    const A = fashionFiles(syntheticSplit(20, 1), syntheticSplit(10, 2));
    const B = fashionFiles(syntheticSplit(30, 3), syntheticSplit(12, 4));
    const counts = (s: Awaited<ReturnType<Datasets['datasetStatus']>>): number[] => s.files.map((f) => f.count ?? -1);
    let completed = false;
    const outcomes = new Set<string>();
    for (let at = 1; !completed && at < 200; at++) {
      rmSync(dataDir, { recursive: true, force: true });
      vi.resetModules();
      const first = await load();
      crash.count = 0;
      crash.at = Number.POSITIVE_INFINITY;
      await first.importDataset(dataDir, Object.entries(A).map(([name, bytes]) => ({ name, bytes })));
      // Now import B and "kill" the process at its at-th file-system change.
      crash.count = 0;
      crash.at = at;
      // Listening before the import starts: its first change may come before its first await.
      const hung = new Promise<false>((r) => (crash.hung = () => r(false)));
      const importing = first.importDataset(dataDir, Object.entries(B).map(([name, bytes]) => ({ name, bytes })));
      const done = await Promise.race([importing.then(() => true), hung]);
      completed = done && crash.count < at;
      crash.at = Number.POSITIVE_INFINITY;
      crash.hung = undefined;
      // The next start: fresh modules (no in-process lock held by the dead import).
      vi.resetModules();
      const next = await load();
      const folder = next.dataDirFashionFolder(dataDir);
      const status = await next.datasetStatus(dataDir, { searchDirs: [{ dir: folder, kind: 'data-dir' }] });
      expect(status.found, `killed at step ${at}: ${JSON.stringify(status.files)}`).toBe(true);
      expect([[20, 20, 10, 10], [30, 30, 12, 12]]).toContainEqual(counts(status));
      outcomes.add(counts(status).join(','));
      next.clearDatasetMemory();
      expect(next.loadFashionMnist(dataDir, { searchDirs: [{ dir: folder, kind: 'data-dir' }], cacheFile: false }).train.count).toBe(counts(status)[0]);
    }
    expect(completed).toBe(true);
    // Kills before the switch keep A, kills after it give B: both must have been seen.
    expect([...outcomes].sort()).toEqual(['20,20,10,10', '30,30,12,12']);
  }, 120_000);
});

describe('the same folder written by hand', () => {
  it('is still read when its files are links to a system folder', async () => {
    const ds = await load();
    const system = join(root, 'system');
    writeFiles(system, fashionFiles(syntheticSplit(20, 1), syntheticSplit(10, 2)));
    const folder = ds.dataDirFashionFolder(dataDir);
    mkdirSync(folder, { recursive: true });
    for (const name of Object.values(NAMES)) symlinkSync(join(system, name), join(folder, name));
    writeFileSync(join(root, 'unused'), '');
    ds.clearDatasetMemory();
    expect((await ds.samples(dataDir, 'test', [9], { cacheFile: false })).labels).toEqual([9]);
  });
});

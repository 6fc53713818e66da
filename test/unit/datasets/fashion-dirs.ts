// The folders a Fashion-MNIST test searches, fresh for every test: a data directory first, then a
// "system" folder (what apt's dataset-fashion-mnist would fill), under one temporary root. The
// loader's in-memory copy is dropped around each test so no test sees another's dataset.
import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearDatasetMemory, dataDirFashionFolder, type SearchDir } from '../../../src/main/services/datasets';

export interface FashionDirs {
  /** The temporary root holding both folders; removed after each test. */
  root: string;
  dataDir: string;
  system: string;
  /** The search order the tests pass as `searchDirs`: the data directory's folder, then `system`. */
  dirs: SearchDir[];
}

/** Registers the per-test set-up and clean-up; the returned object's fields change before each test. */
export function useFashionDirs(prefix: string): FashionDirs {
  const at: FashionDirs = { root: '', dataDir: '', system: '', dirs: [] };
  beforeEach(() => {
    at.root = mkdtempSync(join(tmpdir(), prefix));
    at.dataDir = join(at.root, 'data');
    at.system = join(at.root, 'system');
    at.dirs = [{ dir: dataDirFashionFolder(at.dataDir), kind: 'data-dir' }, { dir: at.system, kind: 'system' }];
    clearDatasetMemory();
  });
  afterEach(() => {
    clearDatasetMemory();
    rmSync(at.root, { recursive: true, force: true });
  });
  return at;
}

// Where the four Fashion-MNIST files are looked for, and what each one is. The data directory
// comes first (imports land there), then the system folder the Debian package
// `dataset-fashion-mnist` installs. Tests inject their own folders.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IdxKind } from './idx';

export type SplitName = 'train' | 'test';

export interface FashionFileRole {
  split: SplitName;
  kind: IdxKind;
  /** The canonical (gzipped) name, as Zalando and Debian ship it. */
  name: string;
}

export const FASHION_FILES: readonly FashionFileRole[] = [
  { split: 'train', kind: 'images', name: 'train-images-idx3-ubyte.gz' },
  { split: 'train', kind: 'labels', name: 'train-labels-idx1-ubyte.gz' },
  { split: 'test', kind: 'images', name: 't10k-images-idx3-ubyte.gz' },
  { split: 'test', kind: 'labels', name: 't10k-labels-idx1-ubyte.gz' },
];

export const SYSTEM_FASHION_DIR = '/usr/share/datasets/fashion-mnist';

export type LocationKind = 'data-dir' | 'system' | 'custom';

export interface SearchDir {
  dir: string;
  kind: LocationKind;
}

/** `<dataDir>/datasets/fashion-mnist`: where imports go and where the decoded cache lives. */
export function dataDirFashionFolder(dataDir: string): string {
  return join(dataDir, 'datasets', 'fashion-mnist');
}

export function defaultSearchDirs(dataDir: string): SearchDir[] {
  return [
    { dir: dataDirFashionFolder(dataDir), kind: 'data-dir' },
    { dir: SYSTEM_FASHION_DIR, kind: 'system' },
  ];
}

/** The names a role is accepted under: the gzipped one first, then the un-gzipped one. */
export function acceptedNames(role: FashionFileRole): string[] {
  return [role.name, role.name.replace(/\.gz$/, '')];
}

/** Which role an uploaded file name is, by its base name (gz or not); undefined if none. */
export function roleForName(name: string): FashionFileRole | undefined {
  return FASHION_FILES.find((r) => acceptedNames(r).includes(name));
}

export interface FoundFile {
  role: FashionFileRole;
  path: string;
  bytes: number;
  mtimeMs: number;
}

/** The files of one folder, by role; roles with no file are absent. */
export function filesIn(dir: string): { found: FoundFile[]; missing: FashionFileRole[] } {
  const found: FoundFile[] = [];
  const missing: FashionFileRole[] = [];
  for (const role of FASHION_FILES) {
    const hit = acceptedNames(role)
      .map((n) => join(dir, n))
      .find((p) => existsSync(p) && statSync(p).isFile());
    if (hit) {
      const st = statSync(hit);
      found.push({ role, path: hit, bytes: st.size, mtimeMs: st.mtimeMs });
    } else {
      missing.push(role);
    }
  }
  return { found, missing };
}

/** The first folder holding all four files, or undefined. */
export function locate(dirs: readonly SearchDir[]): { dir: SearchDir; files: FoundFile[] } | undefined {
  for (const dir of dirs) {
    const { found, missing } = filesIn(dir.dir);
    if (missing.length === 0) return { dir, files: found };
  }
  return undefined;
}

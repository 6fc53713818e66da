// datasets.import: takes the four IDX files as bytes (from a file dialog or an upload), checks each
// one completely — decompresses it (never past the size its header announces) and parses it, pairs
// image and label counts — and only when all of them are good puts them into
// <dataDir>/datasets/fashion-mnist. The folder is switched as a whole (import-folder.ts), so a crash
// at any point leaves the old set of files or the new one, never some of each.
import { join } from 'node:path';
import { DATASET_IMPORT_LIMITS } from '../../../shared/datasets';
import { acceptedNames, dataDirFashionFolder, FASHION_FILES, roleForName, type FashionFileRole } from './files';
import { clearDatasetMemory } from './fashion-mnist';
import { decompressIdxAsync, parseIdxImages, parseIdxLabels } from './idx';
import { switchInFolder } from './import-folder';

export interface ImportFile {
  name: string;
  bytes: Uint8Array;
}

export class DatasetImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetImportError';
  }
}

const ALLOWED = FASHION_FILES.flatMap(acceptedNames).join(', ');

/** Validates every file, then writes them all; returns the paths written. Nothing is written on error. */
export async function importDataset(dataDir: string, files: readonly ImportFile[]): Promise<string[]> {
  if (files.length === 0) throw new DatasetImportError(`no files to import; expected up to 4 of: ${ALLOWED}`);
  // Names first (cheap, and a duplicate should not wait for a 30 MB gunzip), then contents.
  const seen = new Map<FashionFileRole, string>();
  const roles = files.map((f) => {
    // Only a bare file name: an upload must never choose where it is written.
    const role = /[\\/]/.test(f.name) ? undefined : roleForName(f.name);
    if (!role) throw new DatasetImportError(`${JSON.stringify(f.name)} is not a Fashion-MNIST file name; expected one of: ${ALLOWED}`);
    const dup = seen.get(role);
    if (dup) throw new DatasetImportError(`${f.name} and ${dup} are the same file (${role.split} ${role.kind}); import one of them`);
    seen.set(role, f.name);
    if (f.bytes.length > DATASET_IMPORT_LIMITS.fileBytes) {
      throw new DatasetImportError(`${f.name}: ${f.bytes.length} bytes is more than the ${DATASET_IMPORT_LIMITS.fileBytes} a Fashion-MNIST file can be`);
    }
    return role;
  });
  const counts = new Map<string, number>();
  for (const [i, f] of files.entries()) {
    const role = roles[i]!;
    const raw = await decompressIdxAsync(f.bytes, f.name, role.kind);
    const count = role.kind === 'images' ? parseIdxImages(raw, f.name).count : parseIdxLabels(raw, f.name).count;
    const other = counts.get(role.split);
    if (other !== undefined && other !== count) {
      throw new DatasetImportError(`${role.split} images and labels disagree: ${f.name} holds ${count}, its partner holds ${other}`);
    }
    counts.set(role.split, count);
  }
  const folder = dataDirFashionFolder(dataDir);
  // The other spelling (gz vs raw) of an imported file would shadow or duplicate it: it goes.
  const replaces = files.flatMap((f, i) => acceptedNames(roles[i]!).filter((n) => n !== f.name));
  await switchInFolder(folder, files.map((f) => [f.name, f.bytes] as const), replaces);
  const written = files.map((f) => join(folder, f.name));
  clearDatasetMemory();
  return written;
}

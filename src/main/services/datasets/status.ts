// datasets.status: where the files are (or which ones each folder lacks), their sizes, and the
// image/label counts from their headers. Only the first few KB of each file are read, so asking is
// cheap even before the dataset was ever decoded.
import { basename } from 'node:path';
import type { DatasetFileStatus, DatasetStatus } from '../../../shared/datasets';
import { dataDirFashionFolder, defaultSearchDirs, filesIn, locate, type FoundFile } from './files';
import { IMAGE_PIXELS, isGzip, peekGunzip, peekIdxHeader } from './idx';
import { openRegular } from '../../files/safe-read';
import { recoverInterruptedImport } from './import-folder';
import type { DatasetOptions } from './fashion-mnist';

const PEEK_BYTES = 4096;

async function head(path: string): Promise<Uint8Array> {
  // Non-blocking open and a regular-file check: a FIFO under a dataset name must not hang status.
  const { handle } = await openRegular(path, { maxBytes: Number.MAX_SAFE_INTEGER, followSymlinks: true });
  try {
    const buf = Buffer.alloc(PEEK_BYTES);
    const { bytesRead } = await handle.read(buf, 0, PEEK_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function fileStatus(f: FoundFile): Promise<DatasetFileStatus> {
  const out: DatasetFileStatus = { name: basename(f.path), path: f.path, bytes: f.bytes };
  try {
    let bytes = await head(f.path);
    // A partial inflate of the first block is enough for a 16-byte header.
    if (isGzip(bytes)) bytes = peekGunzip(bytes);
    out.count = peekIdxHeader(bytes, f.path, f.role.kind).count;
  } catch (err) {
    out.problem = err instanceof Error ? err.message : String(err);
  }
  return out;
}

export const MISSING_FIX = {
  zh: '安装 Debian 软件包（sudo apt-get install dataset-fashion-mnist），或导入四个 IDX 文件（train-images-idx3-ubyte.gz、train-labels-idx1-ubyte.gz、t10k-images-idx3-ubyte.gz、t10k-labels-idx1-ubyte.gz）。',
  en: 'Install the Debian package (sudo apt-get install dataset-fashion-mnist), or import the four IDX files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz).',
};

/**
 * The four files must agree: each split's images and labels the same count, and an uncompressed
 * file exactly the size its header announces. A disagreement (an import interrupted by hand,
 * files copied from two downloads) marks both files of the split with the problem.
 */
function checkAgreement(files: DatasetFileStatus[], found: readonly FoundFile[]): void {
  for (const split of ['train', 'test'] as const) {
    const at = (kind: 'images' | 'labels'): number => found.findIndex((f) => f.role.split === split && f.role.kind === kind);
    const images = files[at('images')];
    const labels = files[at('labels')];
    if (!images || !labels || images.count === undefined || labels.count === undefined) continue;
    if (images.count !== labels.count) {
      const problem = `${images.name} holds ${images.count} images but ${labels.name} holds ${labels.count} labels; import both files of the ${split} split again`;
      images.problem ??= problem;
      labels.problem ??= problem;
    }
  }
  files.forEach((file, i) => {
    const f = found[i]!;
    if (file.problem !== undefined || file.count === undefined || f.path.endsWith('.gz')) return;
    const want = f.role.kind === 'images' ? 16 + file.count * IMAGE_PIXELS : 8 + file.count;
    if (file.bytes !== want) file.problem = `${file.name} is ${file.bytes} bytes but its header announces ${file.count} ${f.role.kind} (${want} bytes)`;
  });
}

export async function datasetStatus(dataDir: string, opts: DatasetOptions = {}): Promise<DatasetStatus> {
  // An import a killed process left half-switched is finished (or undone) before anything is looked at.
  await recoverInterruptedImport(dataDir);
  const dirs = opts.searchDirs ?? defaultSearchDirs(dataDir);
  const searched = dirs.map((d) => ({ dir: d.dir, kind: d.kind, missing: filesIn(d.dir).missing.map((r) => r.name) }));
  const hit = locate(dirs);
  const status: DatasetStatus = {
    dataset: 'fashion-mnist', found: hit !== undefined, files: [], searched, importDir: dataDirFashionFolder(dataDir),
  };
  if (!hit) {
    status.fix = MISSING_FIX;
    return status;
  }
  status.location = { dir: hit.dir.dir, kind: hit.dir.kind };
  status.files = await Promise.all(hit.files.map(fileStatus));
  checkAgreement(status.files, hit.files);
  if (status.files.some((f) => f.problem !== undefined)) {
    // Found but not usable: say so, with what is wrong (each file's problem) and the fix.
    status.found = false;
    status.fix = MISSING_FIX;
  }
  return status;
}

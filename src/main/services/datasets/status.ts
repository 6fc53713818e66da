// datasets.status: where the files are (or which ones each folder lacks), their sizes, and the
// image/label counts from their headers. Only the first few KB of each file are read, so asking is
// cheap even before the dataset was ever decoded.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import type { DatasetFileStatus, DatasetStatus } from '../../../shared/datasets';
import { dataDirFashionFolder, defaultSearchDirs, filesIn, locate, type FoundFile } from './files';
import { isGzip, peekIdxHeader } from './idx';
import type { DatasetOptions } from './fashion-mnist';

const PEEK_BYTES = 4096;

async function head(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
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
    if (isGzip(bytes)) bytes = gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH });
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

export async function datasetStatus(dataDir: string, opts: DatasetOptions = {}): Promise<DatasetStatus> {
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
  return status;
}

// Loads Fashion-MNIST once per process: finds the four files, decodes and checks them (or reads the
// decoded cache file), and keeps the uint8 pixels and labels in memory. Pixels stay bytes (55 MB
// rather than 220 MB of float32); batches are scaled to [0, 1] as they are gathered, like ToTensor().
// The training worker loads synchronously (its loop is synchronous anyway); the main process uses
// the async variant so gunzipping never blocks the event loop.
import { basename } from 'node:path';
import { DATASET_IMPORT_LIMITS } from '../../../shared/datasets';
import { readRegularFile, readRegularFileSync, type SafeReadOptions } from '../../files/safe-read';
import { cachePath, readCache, readCacheSync, writeCache, writeCacheSync } from './cache-file';
import { dataDirFashionFolder, defaultSearchDirs, filesIn, locate, type FoundFile, type SearchDir, type SplitName } from './files';
import { decompressIdx, decompressIdxAsync, parseIdxImages, parseIdxLabels } from './idx';
import { recoverInterruptedImport } from './import-folder';

/** The system folder may hold links to the files; a FIFO or a 1 TB file is still refused (files/safe-read.ts). */
const SOURCE_READ: SafeReadOptions = { maxBytes: DATASET_IMPORT_LIMITS.fileBytes, followSymlinks: true };

function readSource(path: string): Uint8Array {
  try {
    return readRegularFileSync(path, SOURCE_READ);
  } catch (err) {
    throw new Error(`${path} ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function readSourceAsync(path: string): Promise<Uint8Array> {
  try {
    return await readRegularFile(path, SOURCE_READ);
  } catch (err) {
    throw new Error(`${path} ${err instanceof Error ? err.message : String(err)}`);
  }
}

export interface FashionSplit {
  count: number;
  /** count × 784 grey values 0..255, row-major. */
  pixels: Uint8Array;
  /** count class indices 0..9. */
  labels: Uint8Array;
}

export interface FashionMnist {
  train: FashionSplit;
  test: FashionSplit;
  source: SearchDir;
}

export interface DatasetOptions {
  /** Folders to look in, in order (default: the data directory's, then the system one). */
  searchDirs?: readonly SearchDir[];
  /** Read and write the decoded cache file in the data directory (default true). */
  cacheFile?: boolean;
}

export class DatasetMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetMissingError';
  }
}

/** Says where it looked, what each folder lacks, and the two ways to fix it. */
export function missingMessage(dataDir: string, dirs: readonly SearchDir[]): string {
  const looked = dirs.map((d) => `${d.dir} (missing ${filesIn(d.dir).missing.map((r) => r.name).join(', ')})`).join('; ');
  return (
    `Fashion-MNIST not found. Looked in: ${looked}. ` +
    'Fix: install the Debian package (`sudo apt-get install dataset-fashion-mnist`), or import the four files ' +
    `(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) ` +
    `from the dataset panel, or copy them into ${dataDirFashionFolder(dataDir)}.`
  );
}

/** The cache key: which files, how big, when modified. A changed file means a new decode. */
function signatureOf(dir: SearchDir, files: readonly FoundFile[]): string {
  return JSON.stringify({ dir: dir.dir, files: files.map((f) => [basename(f.path), f.bytes, Math.round(f.mtimeMs)]) });
}

/** Decodes the four files' bytes (in FASHION_FILES order) and checks that counts pair up. */
export function decodeFiles(files: readonly FoundFile[], raw: readonly Uint8Array[]): Omit<FashionMnist, 'source'> {
  const split = (name: SplitName): FashionSplit => {
    const imgIndex = files.findIndex((f) => f.role.split === name && f.role.kind === 'images');
    const lblIndex = files.findIndex((f) => f.role.split === name && f.role.kind === 'labels');
    const imgFile = files[imgIndex]!.path;
    const lblFile = files[lblIndex]!.path;
    const images = parseIdxImages(raw[imgIndex]!, imgFile);
    const labels = parseIdxLabels(raw[lblIndex]!, lblFile);
    if (images.count !== labels.count) {
      throw new Error(`${imgFile} holds ${images.count} images but ${lblFile} holds ${labels.count} labels; they must match`);
    }
    return { count: images.count, pixels: images.pixels, labels: labels.labels };
  };
  return { train: split('train'), test: split('test') };
}

// Two entries at most: the real dataset and whatever a test points at; never a growing pile.
const MEMORY_LIMIT = 2;
const memory = new Map<string, FashionMnist>();
const pending = new Map<string, Promise<FashionMnist>>();

function remember(signature: string, ds: FashionMnist): FashionMnist {
  memory.delete(signature);
  memory.set(signature, ds);
  while (memory.size > MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
  return ds;
}

function find(dataDir: string, opts: DatasetOptions): { dir: SearchDir; files: FoundFile[]; signature: string } {
  const dirs = opts.searchDirs ?? defaultSearchDirs(dataDir);
  const hit = locate(dirs);
  if (!hit) throw new DatasetMissingError(missingMessage(dataDir, dirs));
  return { ...hit, signature: signatureOf(hit.dir, hit.files) };
}

/** Synchronous load (the training worker). Throws DatasetMissingError or an Error naming the bad file. */
export function loadFashionMnist(dataDir: string, opts: DatasetOptions = {}): FashionMnist {
  const { dir, files, signature } = find(dataDir, opts);
  const cached = memory.get(signature);
  if (cached) return cached;
  const useFile = opts.cacheFile !== false;
  const path = cachePath(dataDirFashionFolder(dataDir));
  const fromFile = useFile ? readCacheSync(path, signature) : undefined;
  if (fromFile) return remember(signature, { ...fromFile, source: dir });
  const decoded = decodeFiles(files, files.map((f) => decompressIdx(readSource(f.path), f.path, f.role.kind)));
  const ds = { ...decoded, source: dir };
  if (useFile) writeCacheSync(path, signature, ds);
  return remember(signature, ds);
}

/** Asynchronous load (the main process): file reads and gunzip run off the event loop. */
export async function loadFashionMnistAsync(dataDir: string, opts: DatasetOptions = {}): Promise<FashionMnist> {
  // An import the process did not finish (killed between its two renames) is completed first.
  await recoverInterruptedImport(dataDir);
  const { dir, files, signature } = find(dataDir, opts);
  const cached = memory.get(signature);
  if (cached) return cached;
  const inFlight = pending.get(signature);
  if (inFlight) return inFlight;
  const job = (async () => {
    const useFile = opts.cacheFile !== false;
    const path = cachePath(dataDirFashionFolder(dataDir));
    const fromFile = useFile ? await readCache(path, signature) : undefined;
    if (fromFile) return remember(signature, { ...fromFile, source: dir });
    const raw = await Promise.all(files.map(async (f) => decompressIdxAsync(await readSourceAsync(f.path), f.path, f.role.kind)));
    const ds = { ...decodeFiles(files, raw), source: dir };
    if (useFile) await writeCache(path, signature, ds);
    return remember(signature, ds);
  })();
  pending.set(signature, job);
  try {
    return await job;
  } finally {
    pending.delete(signature);
  }
}

/** Forgets the in-memory copies (tests; and after an import replaced the files). */
export function clearDatasetMemory(): void {
  memory.clear();
}

/** For tests: how many decoded datasets are held. */
export function datasetMemorySize(): number {
  return memory.size;
}

// IDX files (LeCun's MNIST format, which Fashion-MNIST keeps): a big-endian header — magic
// 0x00000803 for unsigned-byte images with 3 dims (count, rows, cols), 0x00000801 for labels
// with 1 dim (count) — followed by exactly count·rows·cols (or count) bytes. Files may be gzipped.
// Every check names the file, so a truncated download says which of the four files is bad.
import type { ZlibOptions } from 'node:zlib';
import { DATASET_IMPORT_LIMITS } from '../../../shared/datasets';
import { errorMessage } from '../../../shared/error-message';

// zlib (and the streams it brings) loads on the first gzipped file, not with the experiment
// catalog this module is bundled into: a run that never reads Fashion-MNIST, such as the CLI's
// 3.3 program, does not pay for it at start-up (issue 15). No util.promisify either: importing
// node:util as an ES module loads every lazy part of it.
const zlib = (): typeof import('node:zlib') => process.getBuiltinModule('node:zlib');
const gunzipAsync = (bytes: Uint8Array, options: ZlibOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => zlib().gunzip(bytes, options, (err, out) => (err ? reject(err) : resolve(out))));
const gunzipSync = (bytes: Uint8Array, options: ZlibOptions): Buffer => zlib().gunzipSync(bytes, options);

export const IMAGE_MAGIC = 0x00000803;
export const LABEL_MAGIC = 0x00000801;
export const IMAGE_SIDE = 28;
export const IMAGE_PIXELS = IMAGE_SIDE * IMAGE_SIDE;
export const CLASS_COUNT = 10;

export type IdxKind = 'images' | 'labels';

export interface IdxImages {
  count: number;
  /** count × 784 pixels, row-major, 0..255. */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  /** count class indices, 0..9. */
  labels: Uint8Array;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Compressed bytes inflated to read a header: 1 KB inflates to at most ~1 MB, whatever it holds. */
const PEEK_INPUT_BYTES = 1024;

/** The first bytes of a gzip stream, for its header; a partial stream is fine. */
export function peekGunzip(bytes: Uint8Array): Uint8Array {
  return gunzipSync(bytes.subarray(0, PEEK_INPUT_BYTES), { finishFlush: zlib().constants.Z_SYNC_FLUSH });
}

/**
 * The size an IDX file says it has, from its first 16 bytes: 16 + count × rows × cols for images,
 * 8 + count for labels. A gzip stream may inflate to this and no more: that is what keeps a gzip
 * bomb (a few MB that inflate to gigabytes) from being inflated at all.
 */
export function announcedIdxBytes(head: Uint8Array, file: string, kind?: IdxKind): { bytes: number; what: string } {
  // When the caller knows what the file must be, a wrong magic number gets the parser's own words.
  if (kind) header(head, file, kind);
  if (head.length < 8) throw new Error(`${file}: ${head.length} bytes is too short for an IDX header (8 bytes at least)`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const magic = view.getUint32(0);
  const count = view.getUint32(4);
  const ceiling = DATASET_IMPORT_LIMITS.inflatedBytes;
  let bytes: number;
  let what: string;
  if (magic === LABEL_MAGIC) {
    bytes = 8 + count;
    what = `${count} labels`;
  } else if (magic === IMAGE_MAGIC) {
    if (head.length < 16) throw new Error(`${file}: ${head.length} bytes is too short for an IDX images header (16 bytes)`);
    const rows = view.getUint32(8);
    const cols = view.getUint32(12);
    bytes = 16 + count * rows * cols;
    what = `${count} images of ${rows}×${cols}`;
  } else {
    throw new Error(`${file}: IDX magic number is ${hex(magic)}, expected ${hex(IMAGE_MAGIC)} (images) or ${hex(LABEL_MAGIC)} (labels)`);
  }
  if (bytes > ceiling) {
    throw new Error(`${file}: its IDX header announces ${what}, ${bytes} bytes; a Fashion-MNIST file holds at most ${ceiling} bytes`);
  }
  return { bytes, what };
}

function gzipError(file: string, err: unknown, announced: { bytes: number; what: string }): Error {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
    return new Error(`${file}: inflates to more than the ${announced.bytes} bytes its IDX header announces (${announced.what}); refused before inflating the rest`);
  }
  const why = errorMessage(err);
  return new Error(`${file}: not a valid gzip file (${why}); the download is probably truncated or corrupt`);
}

function announcedOf(bytes: Uint8Array, file: string, kind: IdxKind | undefined): { bytes: number; what: string } {
  let head: Uint8Array;
  try {
    head = peekGunzip(bytes);
  } catch (err) {
    const why = errorMessage(err);
    throw new Error(`${file}: not a valid gzip file (${why}); the download is probably truncated or corrupt`);
  }
  return announcedIdxBytes(head, file, kind);
}

/**
 * Gunzips when the bytes are gzip (by content, not by name), inflating at most the size the IDX
 * header inside announces (itself at most DATASET_IMPORT_LIMITS.inflatedBytes); the error names the file.
 */
export function decompressIdx(bytes: Uint8Array, file: string, kind?: IdxKind): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  const announced = announcedOf(bytes, file, kind);
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.max(1, announced.bytes) });
  } catch (err) {
    throw gzipError(file, err, announced);
  }
}

/** decompressIdx off the event loop (zlib's thread pool), streaming and stopping at the announced size. */
export async function decompressIdxAsync(bytes: Uint8Array, file: string, kind?: IdxKind): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const announced = announcedOf(bytes, file, kind);
  try {
    return await gunzipAsync(bytes, { maxOutputLength: Math.max(1, announced.bytes) });
  } catch (err) {
    throw gzipError(file, err, announced);
  }
}

function header(bytes: Uint8Array, file: string, kind: IdxKind): { view: DataView; count: number } {
  const headerBytes = kind === 'images' ? 16 : 8;
  if (bytes.length < headerBytes) {
    throw new Error(`${file}: ${bytes.length} bytes is too short for an IDX ${kind} header (${headerBytes} bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const want = kind === 'images' ? IMAGE_MAGIC : LABEL_MAGIC;
  if (magic !== want) {
    const other = magic === IMAGE_MAGIC ? ' (that is an images file)' : magic === LABEL_MAGIC ? ' (that is a labels file)' : '';
    throw new Error(`${file}: IDX magic number is ${hex(magic)}${other}, expected ${hex(want)} for ${kind}`);
  }
  return { view, count: view.getUint32(4) };
}

/** Parses decompressed IDX image bytes; refuses anything but count × 28 × 28 with an exact size. */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const { view, count } = header(bytes, file, 'images');
  const rows = view.getUint32(8);
  const cols = view.getUint32(12);
  if (rows !== IMAGE_SIDE || cols !== IMAGE_SIDE) {
    throw new Error(`${file}: images are ${rows}×${cols}, expected ${IMAGE_SIDE}×${IMAGE_SIDE}`);
  }
  const want = 16 + count * IMAGE_PIXELS;
  if (bytes.length !== want) {
    const how = bytes.length < want ? 'truncated' : 'has trailing bytes';
    throw new Error(`${file}: ${how}: ${bytes.length} bytes, expected ${want} for ${count} images of 28×28`);
  }
  return { count, pixels: bytes.subarray(16) };
}

/** Parses decompressed IDX label bytes; every label must be a class index 0..9. */
export function parseIdxLabels(bytes: Uint8Array, file: string): IdxLabels {
  const { count } = header(bytes, file, 'labels');
  const want = 8 + count;
  if (bytes.length !== want) {
    const how = bytes.length < want ? 'truncated' : 'has trailing bytes';
    throw new Error(`${file}: ${how}: ${bytes.length} bytes, expected ${want} for ${count} labels`);
  }
  const labels = bytes.subarray(8);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i]! >= CLASS_COUNT) throw new Error(`${file}: label ${i} is ${labels[i]}, expected a class index 0..${CLASS_COUNT - 1}`);
  }
  return { count, labels };
}

/** Header fields only (for status): count, and for images rows × cols. */
export function peekIdxHeader(bytes: Uint8Array, file: string, kind: IdxKind): { count: number } {
  return { count: header(bytes, file, kind).count };
}

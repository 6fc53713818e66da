// A strict reader for `.d2lrun` bundles. Bundles are untrusted: every entry is checked from the
// central directory (names, sizes, type bits, encryption, method) BEFORE anything is inflated, and
// inflation runs on zlib's thread pool and stops the moment output passes the declared size, so a
// zip bomb costs neither memory nor time beyond its (capped) claim, and a large entry never holds
// the event loop.
import { promisify } from 'node:util';
import { crc32 as zlibCrc32, inflateRaw } from 'node:zlib';

const inflateRawAsync = promisify(inflateRaw);

export class BundleError extends Error {
  constructor(message: string) {
    super(`bundle refused: ${message}`);
    this.name = 'BundleError';
  }
}

export interface ZipLimits {
  maxEntries: number;
  /** Largest uncompressed size allowed per entry name; names not listed are refused. */
  entryBytes: Record<string, number>;
  totalBytes: number;
}

interface CentralEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export function crc32(bytes: Uint8Array): number {
  return zlibCrc32(bytes) >>> 0;
}

/** Refuses names that could land outside the folder they are extracted into, on any OS. */
export function checkEntryName(name: string): void {
  const shown = JSON.stringify(name.slice(0, 120));
  if (name.length === 0 || name.length > 255) throw new BundleError(`entry name ${shown} is empty or too long`);
  if (name.includes('\\')) throw new BundleError(`entry ${shown} contains a backslash`);
  if (name.includes('\0')) throw new BundleError(`entry ${shown} contains a NUL byte`);
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw new BundleError(`entry ${shown} is an absolute path`);
  if (name.split('/').some((part) => part === '..')) throw new BundleError(`entry ${shown} has a ".." path segment`);
}

function findEndOfCentralDirectory(view: DataView): number {
  // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const stop = Math.max(0, view.byteLength - 22 - 65535);
  for (let i = view.byteLength - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  throw new BundleError('not a zip file (no end-of-central-directory record)');
}

function readCentralDirectory(bytes: Uint8Array, limits: ZipLimits): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22) throw new BundleError(`file is ${bytes.length} bytes, too short to be a zip`);
  const eocd = findEndOfCentralDirectory(view);
  const count = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new BundleError('zip64 archives are not supported');
  if (count > limits.maxEntries) throw new BundleError(`${count} entries (at most ${limits.maxEntries})`);
  if (cdOffset + cdSize > eocd) throw new BundleError('central directory lies outside the file');
  const entries: CentralEntry[] = [];
  const seen = new Set<string>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || view.getUint32(p, true) !== 0x02014b50) throw new BundleError(`central directory entry ${i} is damaged`);
    const madeBy = view.getUint16(p + 4, true) >> 8;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const externalAttrs = view.getUint32(p + 38, true);
    const localOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLength > eocd) throw new BundleError(`central directory entry ${i} is damaged`);
    let name: string;
    try {
      name = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(p + 46, p + 46 + nameLength));
    } catch {
      throw new BundleError(`entry ${i} has a name that is not UTF-8`);
    }
    checkEntryName(name);
    const unixMode = madeBy === 3 ? externalAttrs >>> 16 : 0;
    if ((unixMode & 0o170000) === 0o120000) throw new BundleError(`entry ${JSON.stringify(name)} is a symbolic link`);
    if (name.endsWith('/') || (externalAttrs & 0x10) !== 0) throw new BundleError(`entry ${JSON.stringify(name)} is a directory; a bundle holds run.json and params.safetensors only`);
    if (flags & 1) throw new BundleError(`entry ${JSON.stringify(name)} is encrypted`);
    if (method !== 0 && method !== 8) throw new BundleError(`entry ${JSON.stringify(name)} uses compression method ${method} (only stored or deflate)`);
    if (compressedSize === 0xffffffff || size === 0xffffffff) throw new BundleError('zip64 archives are not supported');
    const allowed = Object.prototype.hasOwnProperty.call(limits.entryBytes, name) ? limits.entryBytes[name] : undefined;
    if (allowed === undefined) throw new BundleError(`unexpected entry ${JSON.stringify(name)}; a bundle holds only ${Object.keys(limits.entryBytes).join(' and ')}`);
    if (seen.has(name)) throw new BundleError(`entry ${JSON.stringify(name)} appears twice`);
    seen.add(name);
    if (size > allowed) throw new BundleError(`entry ${JSON.stringify(name)} declares ${size} bytes (at most ${allowed})`);
    total += size;
    if (total > limits.totalBytes) throw new BundleError(`entries declare ${total}+ bytes in all (at most ${limits.totalBytes})`);
    if (method === 0 && compressedSize !== size) throw new BundleError(`stored entry ${JSON.stringify(name)} has mismatched sizes`);
    entries.push({ name, method, crc, compressedSize, size, localOffset });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

async function inflateCapped(raw: Uint8Array, e: CentralEntry): Promise<Uint8Array> {
  let out: Buffer;
  try {
    // maxOutputLength stops zlib as soon as the output passes the declared size.
    out = await inflateRawAsync(raw, { maxOutputLength: Math.max(1, e.size) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new BundleError(`entry ${JSON.stringify(e.name)} inflates to more than the ${e.size} bytes it declares`);
    }
    throw new BundleError(`entry ${JSON.stringify(e.name)} does not inflate (${err instanceof Error ? err.message : String(err)})`);
  }
  if (out.length !== e.size) throw new BundleError(`entry ${JSON.stringify(e.name)} inflates to ${out.length} bytes, not the ${e.size} it declares`);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

async function extract(bytes: Uint8Array, e: CentralEntry): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = e.localOffset;
  if (p + 30 > bytes.length || view.getUint32(p, true) !== 0x04034b50) throw new BundleError(`entry ${JSON.stringify(e.name)}: local header is damaged`);
  const start = p + 30 + view.getUint16(p + 26, true) + view.getUint16(p + 28, true);
  const end = start + e.compressedSize;
  if (end > bytes.length) throw new BundleError(`entry ${JSON.stringify(e.name)}: data runs past the end of the file`);
  const raw = bytes.subarray(start, end);
  const data = e.method === 0 ? raw : await inflateCapped(raw, e);
  if (crc32(data) !== e.crc) throw new BundleError(`entry ${JSON.stringify(e.name)} fails its CRC check`);
  return data;
}

/** Reads a zip whose entries must all be allowed by `limits`; returns name → bytes. */
export async function readZipStrictAsync(bytes: Uint8Array, limits: ZipLimits): Promise<Map<string, Uint8Array>> {
  const entries = readCentralDirectory(bytes, limits);
  const out = new Map<string, Uint8Array>();
  for (const e of entries) out.set(e.name, await extract(bytes, e));
  return out;
}

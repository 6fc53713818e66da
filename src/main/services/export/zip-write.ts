// A small zip writer for files the app makes (.npz, .d2lrun): entries stored or deflated, each
// given as chunks with its CRC and sizes known before it is written, so no data descriptor is
// needed and a large entry is never copied into one buffer: the pieces go straight to the file.
// Timestamps are the DOS fields of `mtime` in UTC, so the same input gives the same bytes.
import { crc32 } from 'node:zlib';

export interface ZipEntryInput {
  name: string;
  /** The entry's bytes as written: raw for method 0, raw deflate for method 8. */
  chunks: readonly Uint8Array[];
  method: 0 | 8;
  crc: number;
  /** Uncompressed size. */
  size: number;
}

/** Pieces joined into one buffer of its own (offset 0, so DataView(out.buffer) reads it). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** CRC-32 of chunks (zlib's, in native code). */
export function crcOf(chunks: Iterable<Uint8Array>): number {
  let c = 0;
  for (const chunk of chunks) c = crc32(chunk, c);
  return c >>> 0;
}

function dosTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

const UTF8_NAMES = 0x0800;

/**
 * The 24 bytes a local header and its central directory record share, from "version needed" to
 * the name's length (at offset 4 in the one, 6 in the other). The extra field's length, next, stays
 * 0 from the zeroed buffer.
 */
function entryFields(v: DataView, at: number, e: ZipEntryInput, time: number, date: number, compressed: number, nameLength: number): void {
  v.setUint16(at, 20, true);
  v.setUint16(at + 2, UTF8_NAMES, true);
  v.setUint16(at + 4, e.method, true);
  v.setUint16(at + 6, time, true);
  v.setUint16(at + 8, date, true);
  v.setUint32(at + 10, e.crc, true);
  v.setUint32(at + 14, compressed, true);
  v.setUint32(at + 18, e.size, true);
  v.setUint16(at + 22, nameLength, true);
}

/** The zip's bytes as a list of pieces (headers are small buffers; entry data is passed through). */
export function zipParts(entries: readonly ZipEntryInput[], mtime: Date): Uint8Array[] {
  const { time, date } = dosTime(mtime);
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const compressed = e.chunks.reduce((n, c) => n + c.length, 0);
    if (compressed >= 0xffffffff || e.size >= 0xffffffff || offset >= 0xffffffff) throw new RangeError(`zip entry ${e.name} is too large for a zip without zip64`);
    const local = new Uint8Array(30 + name.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    entryFields(lv, 4, e, time, date, compressed, name.length);
    local.set(name, 30);
    const cd = new Uint8Array(46 + name.length);
    const cv = new DataView(cd.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    entryFields(cv, 6, e, time, date, compressed, name.length);
    cv.setUint32(42, offset, true);
    cd.set(name, 46);
    central.push(cd);
    parts.push(local, ...e.chunks);
    offset += local.length + compressed;
  }
  const cdSize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  return [...parts, ...central, end];
}

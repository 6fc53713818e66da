// safetensors (https://github.com/huggingface/safetensors): u64 little-endian header length, a
// JSON header naming each tensor's dtype, shape and byte range, then the raw tensor bytes. Files we
// load may come from anywhere, so the decoder is strict: F32 only, exact sizes, no holes, no
// overlaps, bounded header, and nothing is trusted before it is checked.
import { PARAM_NAME_PATTERN, RUN_LIMITS } from '../../../shared/runs';
import { checkParams, elementCount, float32Chunks, type NamedParams, type ParamTensor } from './tensors';

const MAX_HEADER_BYTES = 16 * 1024 * 1024;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAX_METADATA_ENTRIES = 64;
const MAX_METADATA_CHARS = 10_000;

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(`safetensors: ${message}`);
    this.name = 'SafetensorsError';
  }
}

/** The file as a header and each tensor's bytes in chunks (views, not copies), in order. */
export function safetensorsParts(params: NamedParams, metadata: Record<string, string> = {}): { length: number; chunks: Iterable<Uint8Array> } {
  const entries = checkParams(params);
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = { ...metadata };
  let offset = 0;
  const data = entries.map(([name, t]) => {
    const bytes = float32Chunks(t.data);
    header[name] = { dtype: 'F32', shape: [...t.shape], data_offsets: [offset, offset + bytes.length] };
    offset += bytes.length;
    return bytes;
  });
  let json = JSON.stringify(header);
  // The header is padded with spaces so tensor data starts 8-byte aligned (8 + header length).
  const raw = new TextEncoder().encode(json);
  const padded = Math.ceil(raw.length / 8) * 8;
  json += ' '.repeat(padded - raw.length);
  const headerBytes = new TextEncoder().encode(json);
  const head = new Uint8Array(8 + headerBytes.length);
  new DataView(head.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  head.set(headerBytes, 8);
  return {
    length: head.length + offset,
    chunks: {
      *[Symbol.iterator]() {
        yield head;
        for (const d of data) yield* d.chunks();
      },
    },
  };
}

export function encodeSafetensors(params: NamedParams, metadata: Record<string, string> = {}): Uint8Array {
  const parts = safetensorsParts(params, metadata);
  const out = new Uint8Array(parts.length);
  let at = 0;
  for (const c of parts.chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface DecodedSafetensors {
  /** Tensors in file order; a prototype-free object, so no name can reach Object.prototype. */
  tensors: Record<string, ParamTensor & { data: Float32Array }>;
  metadata: Record<string, string>;
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function checkMetadata(raw: unknown): Record<string, string> {
  if (!isPlainObject(raw)) throw new SafetensorsError('__metadata__ must be an object of strings');
  const keys = Object.keys(raw);
  if (keys.length > MAX_METADATA_ENTRIES) throw new SafetensorsError(`__metadata__ has ${keys.length} entries (at most ${MAX_METADATA_ENTRIES})`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const k of keys) {
    const value = raw[k];
    if (typeof value !== 'string' || k.length > 200 || value.length > MAX_METADATA_CHARS) {
      throw new SafetensorsError(`__metadata__.${k.slice(0, 80)} must be a string of at most ${MAX_METADATA_CHARS} characters`);
    }
    out[k] = value;
  }
  return out;
}

interface Entry {
  name: string;
  shape: number[];
  begin: number;
  end: number;
}

function checkEntry(name: string, raw: unknown): Entry {
  if (!PARAM_NAME_PATTERN.test(name)) throw new SafetensorsError(`tensor name ${JSON.stringify(name.slice(0, 80))} is not a state_dict key like "0.weight"`);
  if (!isPlainObject(raw)) throw new SafetensorsError(`tensor ${name} must be an object with dtype, shape, data_offsets`);
  const extra = Object.keys(raw).filter((k) => k !== 'dtype' && k !== 'shape' && k !== 'data_offsets');
  if (extra.length > 0) throw new SafetensorsError(`tensor ${name} has unknown field ${extra[0]!.slice(0, 40)}`);
  if (raw.dtype !== 'F32') throw new SafetensorsError(`tensor ${name}: dtype ${JSON.stringify(raw.dtype)} is not supported (only "F32")`);
  const { shape, data_offsets: offsets } = raw;
  if (!Array.isArray(shape) || shape.length > RUN_LIMITS.maxDims || !shape.every((d) => Number.isSafeInteger(d) && d >= 0 && d < 2 ** 31)) {
    throw new SafetensorsError(`tensor ${name}: shape must be at most ${RUN_LIMITS.maxDims} whole numbers ≥ 0`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new SafetensorsError(`tensor ${name}: data_offsets must be [begin, end] whole numbers ≥ 0`);
  }
  const [begin, end] = offsets as [number, number];
  const bytes = elementCount(shape as number[]) * 4;
  if (end - begin !== bytes) throw new SafetensorsError(`tensor ${name}: shape [${shape.join(', ')}] needs ${bytes} bytes, data_offsets give ${end - begin}`);
  return { name, shape: shape as number[], begin, end };
}

export function decodeSafetensors(bytes: Uint8Array, maxBytes: number = RUN_LIMITS.paramsBytes): DecodedSafetensors {
  if (bytes.length > maxBytes) throw new SafetensorsError(`file is ${bytes.length} bytes (at most ${maxBytes})`);
  if (bytes.length < 8) throw new SafetensorsError(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(Math.min(MAX_HEADER_BYTES, bytes.length - 8))) {
    throw new SafetensorsError(`header length ${declared} exceeds the file (${bytes.length - 8} bytes after the length) or ${MAX_HEADER_BYTES}`);
  }
  const headerLength = Number(declared);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (err) {
    throw new SafetensorsError(`header is not valid UTF-8 JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isPlainObject(header)) throw new SafetensorsError('header must be a JSON object');
  let metadata: Record<string, string> = Object.create(null) as Record<string, string>;
  const entries: Entry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') metadata = checkMetadata(raw);
    else entries.push(checkEntry(name, raw));
    if (entries.length > RUN_LIMITS.maxParams) throw new SafetensorsError(`more than ${RUN_LIMITS.maxParams} tensors`);
  }
  // The data section must be covered exactly: each tensor starts where the previous one ends.
  const dataLength = bytes.length - 8 - headerLength;
  const ordered = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  for (const e of ordered) {
    if (e.begin !== expected) {
      throw new SafetensorsError(`tensor ${e.name}: data_offsets [${e.begin}, ${e.end}] ${e.begin < expected ? 'overlap another tensor' : 'leave a gap'} (expected begin ${expected})`);
    }
    expected = e.end;
  }
  if (expected !== dataLength) throw new SafetensorsError(`tensors cover ${expected} bytes but the data section has ${dataLength}`);
  const tensors = Object.create(null) as DecodedSafetensors['tensors'];
  const base = 8 + headerLength;
  for (const e of ordered) {
    const n = (e.end - e.begin) / 4;
    let data: Float32Array;
    if (LITTLE_ENDIAN) {
      // One copy (a memcpy) instead of a DataView read per value: 64 MB in milliseconds.
      const start = bytes.byteOffset + base + e.begin;
      data = new Float32Array(bytes.buffer.slice(start, start + n * 4));
    } else {
      data = new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = view.getFloat32(base + e.begin + i * 4, true);
    }
    tensors[e.name] = { shape: e.shape, data };
  }
  return { tensors, metadata };
}

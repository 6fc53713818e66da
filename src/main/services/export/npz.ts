// NumPy's .npz: a zip of `<key>.npy` files, each an NPY v1.0 array (magic, version, a Python-dict
// header padded to 64 bytes, then the raw little-endian data in C order). `numpy.load(f)[key]`
// gives the tensor under its state_dict name.
import { checkParams, float32Chunks, type NamedParams } from './tensors';
import { concatBytes, crcOf, zipParts } from './zip-write';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

function shapeTuple(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

function npyHeader(shape: readonly number[]): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shapeTuple(shape)}, }`;
  // Magic (6) + version (2) + header length (2) + header, ending in '\n', is a multiple of 64.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(total - 10 - 1, ' ') + '\n';
  const headerBytes = new TextEncoder().encode(header);
  const out = new Uint8Array(10 + headerBytes.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, headerBytes.length, true);
  out.set(headerBytes, 10);
  return out;
}

/** One .npy file's pieces: its header, then the tensor's bytes in chunks (views, not copies). */
function npyPieces(shape: readonly number[], data: ArrayLike<number>): Uint8Array[] {
  return [npyHeader(shape), ...float32Chunks(data).chunks()];
}

export function encodeNpy(shape: readonly number[], data: ArrayLike<number>): Uint8Array {
  return concatBytes(npyPieces(shape, data));
}

// Stored, not deflated: numpy reads both, and stored entries keep the export byte-predictable.
const NPZ_TIME = new Date('2000-01-01T00:00:00Z');

/** The .npz as pieces to write in order; the tensors' bytes are not copied. */
export function npzParts(params: NamedParams): Uint8Array[] {
  const entries = checkParams(params).map(([name, t]) => {
    const chunks = npyPieces(t.shape, t.data);
    return { name: `${name}.npy`, chunks, method: 0 as const, crc: crcOf(chunks), size: chunks.reduce((n, c) => n + c.length, 0) };
  });
  return zipParts(entries, NPZ_TIME);
}

export function encodeNpz(params: NamedParams): Uint8Array {
  return concatBytes(npzParts(params));
}

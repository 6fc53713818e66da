// The in-memory form of named parameters that every exporter takes. `data` is any array-like of
// numbers (the training summary carries number[]; decoded files give Float32Array), stored in C
// (row-major) order, as PyTorch and NumPy lay out contiguous tensors.
import { PARAM_NAME_PATTERN, RUN_LIMITS } from '../../../shared/runs';

export interface ParamTensor {
  shape: readonly number[];
  data: ArrayLike<number>;
}

export type NamedParams = Record<string, ParamTensor>;

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** Checks names, shapes and lengths before anything is encoded, naming the offending tensor. */
export function checkParams(params: NamedParams): Array<[string, ParamTensor]> {
  const entries = Object.entries(params);
  if (entries.length > RUN_LIMITS.maxParams) throw new Error(`too many tensors: ${entries.length} (at most ${RUN_LIMITS.maxParams})`);
  for (const [name, t] of entries) {
    if (!PARAM_NAME_PATTERN.test(name)) throw new Error(`parameter name ${JSON.stringify(name.slice(0, 80))} is not a state_dict key like "0.weight"`);
    if (t.shape.length > RUN_LIMITS.maxDims || !t.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new Error(`parameter ${name}: shape [${t.shape.join(', ')}] must be at most ${RUN_LIMITS.maxDims} whole numbers ≥ 0`);
    }
    const n = elementCount(t.shape);
    if (t.data.length !== n) throw new Error(`parameter ${name}: shape [${t.shape.join(', ')}] needs ${n} values, got ${t.data.length}`);
  }
  return entries;
}

export function toFloat32(data: ArrayLike<number>): Float32Array {
  return data instanceof Float32Array ? data : Float32Array.from(data);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Values per chunk when a tensor's bytes are produced in pieces (256 KB). */
export const CHUNK_VALUES = 64 * 1024;

/**
 * Little-endian float32 bytes of `f[from, to)`: a view over the same memory on little-endian hosts
 * (every host Electron ships for), a converted copy elsewhere. The caller must not keep it past
 * changes to `f`.
 */
export function float32View(f: Float32Array, from = 0, to = f.length): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(f.buffer, f.byteOffset + from * 4, (to - from) * 4);
  const out = new Uint8Array((to - from) * 4);
  const view = new DataView(out.buffer);
  for (let i = from; i < to; i++) view.setFloat32((i - from) * 4, f[i]!, true);
  return out;
}

/** Little-endian float32 bytes of a tensor, whatever the host byte order (a copy). */
export function float32Bytes(data: ArrayLike<number>): Uint8Array {
  return float32View(toFloat32(data)).slice();
}

/** A tensor's float32 bytes as a lazy piece: produced in CHUNK_VALUES slices when written. */
export function float32Chunks(data: ArrayLike<number>): { length: number; chunks(): Iterable<Uint8Array> } {
  const f = toFloat32(data);
  return {
    length: f.length * 4,
    *chunks() {
      for (let at = 0; at < f.length; at += CHUNK_VALUES) yield float32View(f, at, Math.min(f.length, at + CHUNK_VALUES));
    },
  };
}

/** The shortest decimal that reads back as the same float32: 0.1f prints as 0.1, not 0.10000000149. */
export function formatFloat32(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f)) return String(f);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

// Loading the PyTorch fixtures written by record.py and comparing engine tensors against them.
import { readFileSync } from 'node:fs';
import { tensor, type Tensor } from '../../src/main/engine';

/** A recorded tensor: row-major values (float32-exact decimals, or integers for indices). */
export interface Encoded {
  shape: number[];
  data: number[];
}

export interface Tolerance {
  rel: number;
  abs: number;
}

/** The house tolerance: float32 ops done in a different order than PyTorch's still land inside. */
export const DEFAULT_TOL: Tolerance = { rel: 1e-5, abs: 1e-6 };

export function loadFixture<T>(name: string): T {
  const url = new URL(`./fixtures/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}

/** A fresh engine tensor holding exactly the recorded float32 values. */
export function fromEncoded(e: Encoded, requiresGrad = false): Tensor {
  return tensor(Float32Array.from(e.data), { shape: e.shape, requiresGrad });
}

/** Throws naming the first mismatching elements when `got` is not within tol of `want`. */
export function expectClose(got: Tensor | null | undefined, want: Encoded, what: string, tol = DEFAULT_TOL): void {
  if (!got) throw new Error(`${what}: expected a tensor of shape (${want.shape.join(', ')}), got ${String(got)}`);
  if (!sameShape(got.shape, want.shape)) {
    throw new Error(`${what}: shape (${got.shape.join(', ')}) but PyTorch gives (${want.shape.join(', ')})`);
  }
  const expected = Float32Array.from(want.data);
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < expected.length; i++) {
    const g = got.values[i];
    const w = expected[i];
    const ok = Math.abs(g - w) <= tol.abs + tol.rel * Math.abs(w);
    if (!ok) {
      count++;
      if (bad.length < 5) bad.push(`[${i}] got ${g}, expected ${w} (diff ${Math.abs(g - w).toExponential(2)})`);
    }
  }
  if (count > 0) {
    throw new Error(
      `${what}: ${count} of ${expected.length} values outside rel ${tol.rel} / abs ${tol.abs}: ${bad.join('; ')}`,
    );
  }
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** A recorded float32 tensor stored as base64 little-endian bytes (golden_common.enc_f32). */
export interface EncodedF32 {
  shape: number[];
  f32: string;
}

export function decodeF32(e: EncodedF32): Float32Array {
  const bytes = Buffer.from(e.f32, 'base64');
  const out = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

export function fromEncodedF32(e: EncodedF32, requiresGrad = false): Tensor {
  return tensor(decodeF32(e), { shape: e.shape, requiresGrad });
}

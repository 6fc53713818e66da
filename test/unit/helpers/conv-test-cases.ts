// What the convolution backend tests share: how they make inputs, the geometry rows they loop
// over, and the bit-for-bit comparison (a native kernel must reproduce the TypeScript loop's bits,
// not just come close).
import { expect } from 'vitest';
import type { Generator } from '../../../src/main/engine';

/** [label, input shape NCHW, weight shape OCKhKw, stride, padding]. */
export type ConvGeometry = [string, number[], number[], [number, number], [number, number]];

/**
 * `n` seeded values in [-3, 3); when `planted` is given and `n > 8`, each planted value then
 * overwrites one random position (NaN, ±∞, values past an activation's clamp…).
 */
export function convTestValues(n: number, rng: Generator, planted?: readonly number[]): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = (rng.random() * 2 - 1) * 3;
  if (planted && n > 8) {
    for (const odd of planted) v[Math.floor(rng.random() * n)] = odd;
  }
  return v;
}

/** Same bits element by element (any NaN matches any NaN: payloads are not part of the contract); both absent also matches. */
export function expectSameBits(got: Float32Array | undefined, want: Float32Array | undefined, what: string): void {
  expect(got === undefined, what).toBe(want === undefined);
  if (!got || !want) return;
  expect(got.length, what).toBe(want.length);
  const a = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const b = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(got[i]) && Number.isNaN(want[i])) continue;
    if (a[i] !== b[i]) expect(`${what}[${i}] = ${got[i]}`).toBe(`${what}[${i}] = ${want[i]}`);
  }
}

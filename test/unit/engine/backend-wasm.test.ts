// What only the wasm backend has: its storage (views over its WebAssembly memory, used in place
// by the kernels), the copy path for ordinary Float32Arrays, and the rules both must keep — C
// must not overlap A or B, views stay valid when the memory grows, padding is never written.
import { describe, expect, it } from 'vitest';
import { tryWasm } from '../../../src/main/engine/backend';
import type { WasmBackend } from '../../../src/main/engine/backend/wasm';
import { loadWasm } from '../../../src/main/engine/backend/wasm';
import { Generator } from '../../../src/main/engine';

function random(n: number, seed: number, into?: Float32Array): Float32Array {
  const g = new Generator(seed);
  const v = into ?? new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = g.random() * 2 - 1;
  return v;
}

/** float64 reference for C = A·Bᵀ (+ C when accumulate), A m×k, B n×k, dense. */
function reference(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c0?: Float32Array): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = c0 ? c0[i * n + j]! : 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[j * k + p]!;
      out[i * n + j] = s;
    }
  }
  return out;
}

function expectClose(got: Float32Array, want: Float64Array, k: number): void {
  for (let i = 0; i < want.length; i++) {
    if (!(Math.abs(got[i]! - want[i]!) <= 1e-5 * (k + 1) * Math.max(1, Math.abs(want[i]!)))) {
      throw new Error(`element ${i}: got ${got[i]}, want ${want[i]}`);
    }
  }
}

const attempt = tryWasm();
const wasm = attempt.backend as WasmBackend | undefined;
if (!wasm) throw new Error(`the wasm backend must load here: ${attempt.error}`);

describe('wasm backend storage', () => {
  it('hands out zero-filled, 64-byte aligned views it owns, and reuses released ones', () => {
    const s = wasm.storage;
    const v = s.alloc(1000);
    expect(v.length).toBe(1000);
    expect(v.byteOffset % 64).toBe(0);
    expect(s.owns(v)).toBe(true);
    expect(s.owns(new Float32Array(1000))).toBe(false);
    expect(v.every((x) => x === 0)).toBe(true);
    v.fill(3);
    s.release(v);
    const again = s.alloc(1000);
    expect(again.byteOffset).toBe(v.byteOffset);
    expect(again.every((x) => x === 0)).toBe(true);
    s.release(again);
    expect(() => s.release(new Float32Array(4))).toThrow('release: the view is not wasm backend storage');
    expect(() => s.alloc(-1)).toThrow('alloc: n must be a non-negative integer, got -1');
  });

  it('keeps earlier views valid and recognised when the memory grows', () => {
    const fresh = loadWasm();
    const before = fresh.storage.alloc(16);
    before.set(random(16, 1));
    const copy = Float32Array.from(before);
    const pagesBefore = fresh.storage.memory.buffer.byteLength / 65536;
    const big = fresh.storage.alloc(4 << 20); // 16 MiB: forces growth
    expect(fresh.storage.memory.buffer.byteLength / 65536).toBeGreaterThan(pagesBefore);
    expect(before.buffer).not.toBe(fresh.storage.memory.buffer);
    expect(Array.from(before)).toEqual(Array.from(copy));
    expect(fresh.storage.owns(before)).toBe(true);
    expect(fresh.storage.owns(big)).toBe(true);
    // A product on a pre-growth view still runs in place.
    const out = fresh.storage.alloc(16);
    fresh.sgemm(false, false, 4, 4, 4, 1, before, 4, before, 4, 0, out, 4);
    const want = new Float64Array(16);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) for (let p = 0; p < 4; p++) want[i * 4 + j] += copy[i * 4 + p]! * copy[p * 4 + j]!;
    expectClose(out, want, 4);
  });
});

describe('wasm sgemm on storage views and ordinary arrays alike', () => {
  const m = 70, n = 45, k = 300;
  const a = random(m * k, 2), b = random(n * k, 3), c0 = random(m * n, 4);
  const want = reference(m, n, k, a, b, c0);

  for (const [label, own] of [['A', [true, false, false]], ['B', [false, true, false]], ['C', [false, false, true]], ['all', [true, true, true]]] as const) {
    it(`gives the same product with ${label} in storage`, () => {
      const s = wasm.storage;
      const place = (x: Float32Array, inStorage: boolean): Float32Array => {
        if (!inStorage) return Float32Array.from(x);
        const v = s.alloc(x.length);
        v.set(x);
        return v;
      };
      const av = place(a, own[0]), bv = place(b, own[1]), cv = place(c0, own[2]);
      wasm.sgemm(false, true, m, n, k, 1, av, k, bv, k, 1, cv, n);
      expectClose(cv, want, k);
      for (const v of [av, bv, cv]) if (s.owns(v)) s.release(v);
    });
  }

  it('rejects C overlapping A or B, in storage and in ordinary arrays, like the native addon', () => {
    const buf = new Float32Array(64);
    expect(() => wasm.sgemm(false, false, 4, 4, 4, 1, buf, 4, buf.subarray(32), 4, 0, buf.subarray(8), 4))
      .toThrow('c must not overlap a (the output would be read while it is written)');
    const s = wasm.storage;
    const st = s.alloc(64);
    expect(() => wasm.sgemm(false, false, 4, 4, 4, 1, st.subarray(48), 4, st, 4, 0, st.subarray(8), 4))
      .toThrow('c must not overlap b (the output would be read while it is written)');
    s.release(st);
  });

  it('never writes C padding columns nor anything past the last row, with beta = 0', () => {
    const ldc = 9;
    const c = new Float32Array(3 * ldc + 5).fill(Number.NaN);
    const a = random(3 * 2, 5), b = random(2 * 7, 6);
    wasm.sgemm(false, false, 3, 7, 2, 1, a, 2, b, 7, 0, c, ldc);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < ldc; j++) expect(Number.isNaN(c[i * ldc + j]!)).toBe(j >= 7);
    }
    for (let i = 3 * ldc; i < c.length; i++) expect(Number.isNaN(c[i]!)).toBe(true);
  });

  it('checks its arguments with the messages the ts backend uses', () => {
    expect(() => wasm.sgemm(false, false, 2, 2, 2, 1, new Float32Array(3), 2, new Float32Array(4), 2, 0, new Float32Array(4), 2))
      .toThrow('sgemm: A needs 4 elements (2×2, ld 2) but has 3');
    expect(() => wasm.sgemm(false, false, 2, 2, -1, 1, new Float32Array(4), 2, new Float32Array(4), 2, 0, new Float32Array(4), 2))
      .toThrow('sgemm: k must be a non-negative integer, got -1');
    expect(() => wasm.sgemm(false, true, 2, 2, 3, 1, new Float32Array(6), 3, new Float32Array(6), 2, 0, new Float32Array(4), 2))
      .toThrow('sgemm: B leading dimension 2 is smaller than its row length 3');
  });
});

// The same SGEMM cases against every available backend, checked against a float64 reference:
// all four transpose combinations, odd sizes, padded leading dimensions, alpha/beta and
// subarray views. The wasm backend needs no system package, so it is always tested; the
// wasm-relaxed-simd vitest project runs this file again on its relaxed-SIMD build.
import { describe, expect, it } from 'vitest';
import { tsBackend } from '../../../src/main/engine/backend/ts';
import { tryNative, tryWasm } from '../../../src/main/engine/backend';
import type { Backend } from '../../../src/main/engine/backend/types';
import { Generator } from '../../../src/main/engine';

interface Case {
  transA: boolean; transB: boolean; m: number; n: number; k: number;
  alpha: number; beta: number; padA: number; padB: number; padC: number; offset: number;
}

function fill(n: number, g: Generator): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = g.random() * 2 - 1;
  return v;
}

function runCase(backend: Backend, c: Case, seed: number): void {
  const g = new Generator(seed);
  const aRows = c.transA ? c.k : c.m, aCols = c.transA ? c.m : c.k;
  const bRows = c.transB ? c.n : c.k, bCols = c.transB ? c.k : c.n;
  // BLAS requires ld >= max(1, row length) even when a size is 0.
  const lda = Math.max(1, aCols) + c.padA, ldb = Math.max(1, bCols) + c.padB, ldc = Math.max(1, c.n) + c.padC;
  // Each operand lives at `offset` inside a larger buffer, passed as a subarray view.
  const aBuf = fill(c.offset + Math.max(aRows * lda, 1), g);
  const bBuf = fill(c.offset + Math.max(bRows * ldb, 1), g);
  const cBuf = fill(c.offset + Math.max(c.m * ldc, 1), g);
  const a = aBuf.subarray(c.offset), b = bBuf.subarray(c.offset), cv = cBuf.subarray(c.offset);
  if (c.beta === 0) cv.fill(Number.NaN); // beta = 0 must never read C
  const before = Float64Array.from(cBuf);
  const want = new Float64Array(c.m * c.n);
  for (let i = 0; i < c.m; i++) {
    for (let j = 0; j < c.n; j++) {
      let s = 0;
      for (let p = 0; p < c.k; p++) {
        const av = c.transA ? a[p * lda + i] : a[i * lda + p];
        const bv = c.transB ? b[j * ldb + p] : b[p * ldb + j];
        s += av * bv;
      }
      want[i * c.n + j] = c.alpha * s + (c.beta === 0 ? 0 : c.beta * cv[i * ldc + j]);
    }
  }
  backend.sgemm(c.transA, c.transB, c.m, c.n, c.k, c.alpha, a, lda, b, ldb, c.beta, cv, ldc);
  const tol = 1e-5 * (c.k + 1) * Math.max(1, Math.abs(c.alpha));
  for (let i = 0; i < c.m; i++) {
    for (let j = 0; j < c.n; j++) {
      const got = cv[i * ldc + j];
      const w = want[i * c.n + j];
      if (!(Math.abs(got - w) <= tol * Math.max(1, Math.abs(w)))) {
        throw new Error(`${backend.name} ${JSON.stringify(c)}: C[${i},${j}] = ${got}, want ${w}`);
      }
    }
  }
  // Padding columns of C and everything before the view are untouched.
  for (let i = 0; i < c.offset; i++) expect(cBuf[i]).toBe(before[i]);
  for (let i = 0; i < c.m; i++) {
    for (let j = c.n; j < ldc; j++) expect(Object.is(cv[i * ldc + j], before[c.offset + i * ldc + j])).toBe(true);
  }
}

const TRANSPOSES: [boolean, boolean][] = [[false, false], [false, true], [true, false], [true, true]];
const SIZES: [number, number, number][] = [
  [1, 1, 1], [1, 7, 3], [7, 1, 5], [7, 7, 7], [33, 65, 7], [65, 33, 130], [130, 7, 65], [10, 1, 2], [2, 130, 33], [64, 64, 64],
  // Row and column vectors long enough for the vector loops, and a product crossing every block
  // edge of the wasm kernel (MC 128, KC 256, NC 1024) with partial register tiles.
  [1, 37, 300], [37, 1, 300], [1, 300, 1], [131, 1030, 259],
];

function cases(): Case[] {
  const out: Case[] = [];
  for (const [transA, transB] of TRANSPOSES) {
    for (const [m, n, k] of SIZES) {
      out.push({ transA, transB, m, n, k, alpha: 1, beta: 0, padA: 0, padB: 0, padC: 0, offset: 0 });
    }
    out.push({ transA, transB, m: 33, n: 65, k: 17, alpha: -0.5, beta: 1, padA: 3, padB: 5, padC: 2, offset: 7 });
    out.push({ transA, transB, m: 130, n: 33, k: 65, alpha: 2, beta: 0.25, padA: 1, padB: 0, padC: 4, offset: 3 });
    out.push({ transA, transB, m: 7, n: 7, k: 130, alpha: 1.5, beta: -1, padA: 0, padB: 2, padC: 1, offset: 1 });
    out.push({ transA, transB, m: 5, n: 6, k: 0, alpha: 1, beta: 0.5, padA: 0, padB: 0, padC: 0, offset: 0 });
    out.push({ transA, transB, m: 40, n: 40, k: 40, alpha: 0, beta: 2, padA: 0, padB: 0, padC: 0, offset: 0 });
  }
  return out;
}

function suite(backend: Backend): void {
  cases().forEach((c, i) => {
    it(`${c.transA ? 'T' : 'N'}${c.transB ? 'T' : 'N'} m=${c.m} n=${c.n} k=${c.k} alpha=${c.alpha} beta=${c.beta}${c.padA + c.padB + c.padC ? ' strided' : ''}${c.offset ? ' view' : ''}`, () => {
      runCase(backend, c, 100 + i);
    });
  });
  it('a large square product (256) matches the reference', () => {
    runCase(backend, { transA: false, transB: false, m: 256, n: 256, k: 256, alpha: 1, beta: 0, padA: 0, padB: 0, padC: 0, offset: 0 }, 7);
  });
  it('reports its name and thread count', () => {
    expect(['ts', 'wasm', 'native']).toContain(backend.name);
    expect(backend.threads).toBeGreaterThanOrEqual(1);
  });
}

describe('sgemm conformance: ts backend', () => {
  suite(tsBackend);
  it('rejects arrays too short for the given sizes', () => {
    expect(() => tsBackend.sgemm(false, false, 2, 2, 2, 1, new Float32Array(3), 2, new Float32Array(4), 2, 0, new Float32Array(4), 2))
      .toThrow('sgemm: A needs 4 elements (2×2, ld 2) but has 3');
  });
});

const native = tryNative();
if (!native.backend) console.warn(`native sgemm conformance skipped: ${native.error}`);

describe.skipIf(!native.backend)('sgemm conformance: native backend', () => {
  if (native.backend) suite(native.backend);
});

const wasm = tryWasm();

describe('sgemm conformance: wasm backend', () => {
  it('loads and passes its self-test', () => {
    expect(wasm.error).toBeUndefined();
    expect(wasm.backend?.name).toBe('wasm');
  });
  it('runs the build D2L_WASM_VARIANT names (the relaxed-SIMD project sets it)', () => {
    const want = process.env.D2L_WASM_VARIANT;
    const got = wasm.backend && 'variant' in wasm.backend ? wasm.backend.variant : undefined;
    if (want) expect(got).toBe(want);
    else expect(['simd', 'relaxed-simd']).toContain(got);
  });
  if (wasm.backend) suite(wasm.backend);
});

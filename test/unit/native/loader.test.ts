import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadNative, nativeAddonCandidates, type NativeBackend } from '../../../src/main/engine/backend/native';

const ADDON = join('native', 'build', 'Release', 'd2l_blas.node');

describe('nativeAddonCandidates', () => {
  it('finds the addon from the source tree (src/main/engine/backend)', () => {
    const c = nativeAddonCandidates('file:///repo/src/main/engine/backend/native.ts', {});
    expect(c).toContain(join('/repo', ADDON));
  });

  it('finds the addon from the built bundle (out/main and out/main/chunks)', () => {
    expect(nativeAddonCandidates('file:///repo/out/main/cli.js', {})).toContain(join('/repo', ADDON));
    expect(nativeAddonCandidates('file:///repo/out/main/chunks/engine-abc.js', {})).toContain(join('/repo', ADDON));
  });

  it('uses only D2L_NATIVE_ADDON when it is set', () => {
    expect(nativeAddonCandidates('file:///repo/out/main/cli.js', { D2L_NATIVE_ADDON: '/x/y.node' })).toEqual(['/x/y.node']);
  });

  it('looks beside a packaged app.asar rather than inside it', () => {
    const c = nativeAddonCandidates('file:///opt/app/resources/app.asar/out/main/index.js', {});
    expect(c).toContain(join('/opt/app/resources/app.asar.unpacked', ADDON));
    expect(c.some((p) => p.includes('app.asar/'))).toBe(false);
  });
});

describe('loadNative when the addon cannot be used', () => {
  const saved = process.env.D2L_NATIVE_ADDON;
  afterEach(() => {
    if (saved === undefined) delete process.env.D2L_NATIVE_ADDON;
    else process.env.D2L_NATIVE_ADDON = saved;
  });

  it('names the paths it tried when the file is missing', () => {
    process.env.D2L_NATIVE_ADDON = '/nonexistent/d2l_blas.node';
    expect(() => loadNative()).toThrow(/native addon not found \(tried \/nonexistent\/d2l_blas\.node\)/);
  });

  it('passes on the loader message when the file is not a loadable library', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2l-native-'));
    const bogus = join(dir, 'd2l_blas.node');
    writeFileSync(bogus, 'not an ELF file');
    process.env.D2L_NATIVE_ADDON = bogus;
    expect(() => loadNative()).toThrow(new RegExp(`native addon at ${bogus.replace(/[.]/g, '\\.')} failed to load: .+`));
  });
});

function tryLoad(): NativeBackend | undefined {
  try {
    return loadNative();
  } catch (err) {
    console.warn(`SKIPPING native addon tests: ${(err as Error).message}`);
    return undefined;
  }
}
const native = tryLoad();

/** Naive row-major reference, in float64, for comparing against OpenBLAS. */
function reference(
  transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
  a: Float32Array, lda: number, b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[transA ? p * lda + i : i * lda + p]! * b[transB ? j * ldb + p : p * ldb + j]!;
      out[i * n + j] = alpha * s + (beta === 0 ? 0 : beta * c[i * ldc + j]!);
    }
  }
  return out;
}

function seq(length: number, seed: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => Math.sin(seed * 7.1 + i * 1.3));
}

describe.skipIf(!native)('native backend (OpenBLAS addon)', () => {
  const b = native!;

  it('reports its core, configuration and threads', () => {
    expect(b.name).toBe('native');
    expect(b.coreName).toMatch(/\w+/);
    expect(b.config).toMatch(/OpenBLAS/);
    expect(b.threads).toBeGreaterThanOrEqual(1);
  });

  it('sets and restores the OpenBLAS thread count', () => {
    const before = b.threads;
    expect(b.setThreads(1)).toBe(1);
    expect(b.threads).toBe(1);
    expect(b.setThreads(before)).toBe(before);
  });

  it.each([
    // m, n, k, transB, lda pad, beta: a convolution's weight gradient (25 × 6 dot products of 4480),
    // odd sizes with a tail shorter than a vector, and a row sum (B one unit-stride column).
    [25, 6, 4480, true, 0, 0], [3, 5, 517, true, 3, 1], [7, 1, 1031, false, 0, 0.5], [6, 1, 4480, false, 2, 1],
  ])('products of a few long dot products: m=%i n=%i k=%i transB=%s (lda pad %i, beta %f) match a float64 reference', (m, n, k, tB, pad, beta) => {
    const lda = k + pad, ldb = tB ? k + 1 : n, ldc = n + 2;
    const a = seq(m * lda, 4), bm = seq(tB ? n * ldb : k * ldb, 5);
    const c = seq(m * ldc, 6);
    if (beta === 0) c.fill(Number.NaN); // with beta = 0, C must not be read
    const before = c.slice();
    b.sgemm(false, tB, m, n, k, 0.5, a, lda, bm, ldb, beta, c, ldc);
    for (let i = 0; i < m; i++) {
      for (let o = 0; o < n; o++) {
        let want = 0;
        for (let j = 0; j < k; j++) want += a[i * lda + j]! * (tB ? bm[o * ldb + j]! : bm[j * ldb + o]!);
        want = 0.5 * want + (beta === 0 ? 0 : beta * before[i * ldc + o]!);
        expect(Math.abs(c[i * ldc + o]! - want)).toBeLessThan(1e-4 * Math.sqrt(k));
      }
      // Padding columns of C are left alone.
      expect(c.subarray(i * ldc + n, (i + 1) * ldc)).toEqual(before.subarray(i * ldc + n, (i + 1) * ldc));
    }
  });

  it.each([
    // m, n, k, lda pad, ldb pad, beta: a convolution's forward (W · cols) for LeNet's layers, and
    // odd sizes that leave row blocks of 5 and column tails of 8 + 3.
    [6, 4480, 25, 0, 0, 0], [16, 840, 150, 0, 0, 0], [11, 283, 9, 2, 5, 0.5], [2, 256, 8, 1, 0, 1],
  ])('products of few rows and a long B: m=%i n=%i k=%i (lda pad %i, ldb pad %i, beta %f) match a float64 reference', (m, n, k, padA, padB, beta) => {
    const lda = k + padA, ldb = n + padB, ldc = n + 3;
    const a = seq(m * lda, 7), bm = seq(k * ldb, 8);
    const c = seq(m * ldc, 9);
    if (beta === 0) c.fill(Number.NaN); // with beta = 0, C must not be read
    const before = c.slice();
    b.sgemm(false, false, m, n, k, 0.5, a, lda, bm, ldb, beta, c, ldc);
    const want = reference(false, false, m, n, k, 0.5, a, lda, bm, ldb, beta, before, ldc);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) expect(Math.abs(c[i * ldc + j]! - want[i * n + j]!)).toBeLessThan(1e-5 * k);
      expect(c.subarray(i * ldc + n, (i + 1) * ldc)).toEqual(before.subarray(i * ldc + n, (i + 1) * ldc));
    }
  });

  it('keeps the thread count it was set to across products run on one thread (small) and on all (large)', () => {
    const before = b.threads;
    try {
      expect(b.setThreads(2)).toBe(2);
      for (const size of [8, 300]) {
        // 8³ is below the single-thread limit, 300³ above it; both must be exact here (integers).
        const a = new Float32Array(size * size).fill(1), m = new Float32Array(size * size).fill(2);
        const c = new Float32Array(size * size);
        b.sgemm(false, false, size, size, size, 1, a, size, m, size, 0, c, size);
        expect(c.every((v) => v === 2 * size)).toBe(true);
        expect(b.threads).toBe(2);
      }
    } finally {
      b.setThreads(before);
    }
  });

  it.each([
    [false, false], [true, false], [false, true], [true, true],
  ])('matches a reference product with transA=%s transB=%s, padded strides and subarray views', (tA, tB) => {
    const m = 7, n = 5, k = 9, pad = 3, offset = 11;
    const [aRows, aCols] = tA ? [k, m] : [m, k];
    const [bRows, bCols] = tB ? [n, k] : [k, n];
    const lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
    // Views that start part-way into larger buffers: the addon must honour byteOffset.
    const a = seq(offset + aRows * lda, 1).subarray(offset);
    const bm = seq(offset + bRows * ldb, 2).subarray(offset);
    const cBuf = seq(offset + m * ldc, 3);
    const c = cBuf.subarray(offset);
    const want = reference(tA, tB, m, n, k, 0.5, a, lda, bm, ldb, -2, c, ldc);
    b.sgemm(tA, tB, m, n, k, 0.5, a, lda, bm, ldb, -2, c, ldc);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) expect(c[i * ldc + j]).toBeCloseTo(want[i * n + j]!, 4);
    }
    // Padding columns and the bytes before the view are untouched.
    expect(c[ldc - 1]).toBe(seq(offset + m * ldc, 3)[offset + ldc - 1]);
    expect(cBuf[offset - 1]).toBe(seq(offset + m * ldc, 3)[offset - 1]);
  });

  it('handles empty products: k = 0 scales C by beta, m = 0 touches nothing', () => {
    const c = new Float32Array([1, 2, 3, 4]);
    b.sgemm(false, false, 2, 2, 0, 1, new Float32Array(0), 1, new Float32Array(0), 2, 3, c, 2);
    expect(Array.from(c)).toEqual([3, 6, 9, 12]);
    b.sgemm(false, false, 0, 2, 2, 1, new Float32Array(0), 2, new Float32Array(4), 2, 0, c, 2);
    expect(Array.from(c)).toEqual([3, 6, 9, 12]);
  });
});

describe.skipIf(!native)('native sgemm rejects bad arguments instead of reading out of bounds', () => {
  const b = native!;
  const a = new Float32Array(6), w = new Float32Array(4), c = new Float32Array(6);
  type Args = Parameters<NativeBackend['sgemm']>;
  const good: Args = [false, false, 3, 2, 2, 1, a, 2, w, 2, 0, c, 2];
  const call = (patch: Partial<Record<number, unknown>>): void => {
    const args = good.slice() as unknown[];
    for (const [i, v] of Object.entries(patch)) args[Number(i)] = v;
    (b.sgemm as (...xs: unknown[]) => void)(...args);
  };

  it('accepts the well-formed call used below', () => {
    expect(() => call({})).not.toThrow();
  });

  it.each([
    ['a too short', { 6: new Float32Array(5) }, RangeError, /a is too short: 3x2 with lda=2 needs 6 elements, got 5/],
    ['b too short', { 8: new Float32Array(3) }, RangeError, /b is too short/],
    ['c too short', { 11: new Float32Array(5) }, RangeError, /c is too short/],
    ['short view of a long buffer', { 6: new Float32Array(100).subarray(95) }, RangeError, /a is too short: .* got 5/],
    ['negative m', { 2: -1 }, RangeError, /m must be an integer in \[0, 2147483647\], got -1/],
    ['negative k', { 4: -3 }, RangeError, /k must be an integer/],
    ['fractional n', { 3: 1.5 }, RangeError, /n must be an integer .* got 1\.5/],
    ['NaN lda', { 7: Number.NaN }, RangeError, /lda must be an integer/],
    ['huge m', { 2: 2 ** 40 }, RangeError, /m must be an integer/],
    ['lda smaller than a row', { 7: 1 }, RangeError, /lda must be >= 2/],
    ['ldc of zero', { 12: 0 }, RangeError, /ldc must be an integer in \[1, 2147483647\]/],
    ['output overlapping input', { 11: a }, RangeError, /c must not overlap a/],
    ['Float64Array', { 6: new Float64Array(6) }, TypeError, /a must be a Float32Array, got a typed array of another type/],
    ['plain array', { 8: [1, 2, 3, 4] }, TypeError, /b must be a Float32Array, got an object/],
    ['string size', { 2: '3' }, TypeError, /m must be an integer, got a string/],
    ['non-boolean transpose', { 0: 1 }, TypeError, /transA must be a boolean, got a number/],
    ['non-number alpha', { 5: null }, TypeError, /alpha must be a number, got null/],
  ] as const)('%s', (_label, patch, kind, message) => {
    expect(() => call(patch)).toThrow(kind);
    expect(() => call(patch)).toThrow(message);
  });

  it('rejects a wrong argument count', () => {
    expect(() => (b.sgemm as (...xs: unknown[]) => void)(false, false, 1)).toThrow(/sgemm expects 13 arguments .* got 3/);
  });

  it('rejects thread counts below 1', () => {
    expect(() => b.setThreads(0)).toThrow(/n must be an integer in \[1, 2147483647\], got 0/);
  });
});

// The native backend's convolution kernels (native/src/conv.cc) must give the same bits as the
// TypeScript loops in ops/conv.ts, which the golden fixtures pin: every layout (wide stride-1 and
// strided), padding, odd sizes, each fused activation with and without the 2×2 average pooling
// (forward and backward), short last chunks, and the special values (NaN, ±∞, −0, inputs past the
// sigmoid's clamp).
import { describe, expect, it } from 'vitest';
import { Generator, Tensor } from '../../../src/main/engine';
import { tryNative } from '../../../src/main/engine/backend';
import type { ConvKernels, FusedActivation } from '../../../src/main/engine/backend/types';
import { convPlan, setConvChunkFloats, tsConvKernels } from '../../../src/main/engine/ops/conv';
import { type ConvGeometry, convTestValues, expectSameBits } from '../helpers/conv-test-cases';

const native = tryNative().backend?.conv;

// Planted in the inputs: NaN, ±∞, −0, values near and past the sigmoid's clamp, a tiny value.
const SPECIAL = [Number.NaN, Infinity, -Infinity, -0, 150, -150, 103.99, 1e-30];

const GEOMETRIES: ConvGeometry[] = [
  ['LeNet conv1', [5, 1, 12, 12], [6, 1, 5, 5], [1, 1], [2, 2]],
  ['LeNet conv2', [5, 6, 9, 9], [16, 6, 5, 5], [1, 1], [0, 0]],
  ['odd sizes, asymmetric padding', [3, 2, 7, 9], [3, 2, 3, 2], [1, 1], [2, 0]],
  ['stride (2, 3), padding (1, 2)', [3, 3, 9, 11], [4, 3, 3, 3], [2, 3], [1, 2]],
  ['1x1 kernel, stride 2', [2, 4, 5, 5], [3, 4, 1, 1], [2, 2], [0, 0]],
];
const ACTS: FusedActivation[] = [null, 'sigmoid', 'relu'];

/** Runs every kernel over every chunk with `k`, on copies of the same inputs; returns what each wrote. */
function runAll(k: ConvKernels, wide: boolean, xs: number[], ws: number[], stride: [number, number], padding: [number, number], act: FusedActivation, pooled: boolean, seed: number, chunk: number | undefined): Float32Array[] {
  const prev = setConvChunkFloats(chunk);
  try {
    const x = new Tensor(convTestValues(xs.reduce((a, b) => a * b, 1), new Generator(seed), SPECIAL), xs);
    const w = new Tensor(new Float32Array(ws.reduce((a, b) => a * b, 1)), ws);
    const p = convPlan(x, w, null, stride, padding, { ...k, wideLayout: wide });
    const rng = new Generator(seed + 1);
    const { N, O, K, B, Pc, OH, OW } = p;
    const P = OH * OW, P2 = (OH >> 1) * (OW >> 1);
    const workLength = p.srcAt + (p.wide ? B * p.C * p.Hp * p.Wp : 0);
    const bias = convTestValues(O, rng);
    const y = new Float32Array(N * O * P).fill(7);
    const pooledOut = new Float32Array(N * O * P2).fill(9);
    const yAct = convTestValues(N * O * P, rng, SPECIAL); // an activation output for gather's derivative
    const gy = convTestValues(N * O * (pooled ? P2 : P), rng, SPECIAL);
    const dx = convTestValues(x.values.length, rng);
    const outs: Float32Array[] = [];
    for (let n0 = 0; n0 < N; n0 += B) {
      const b = Math.min(B, N - n0);
      for (const cleanWrap of [false, true]) {
        const work = new Float32Array(workLength).fill(5);
        k.unfold(x.values, p, n0, b, work, cleanWrap);
        outs.push(work.subarray(0, K * b * Pc).slice());
      }
      const mat = convTestValues(O * b * Pc, rng, SPECIAL);
      k.scatter(mat, y, n0 === 0 ? null : bias, p, n0, b, act, pooled ? pooledOut : null);
      const gm = new Float32Array(O * b * Pc).fill(3);
      k.gather(gy, yAct, gm, p, n0, b, act, pooled);
      outs.push(gm);
      const dcols = convTestValues(K * b * Pc, rng, SPECIAL);
      k.fold(dcols, p, n0, b, dx);
    }
    outs.push(y, dx, pooledOut);
    return outs;
  } finally {
    setConvChunkFloats(prev);
  }
}

describe.runIf(native !== undefined)('native convolution kernels give the TypeScript kernels\' bits', () => {
  for (const [what, xs, ws, stride, padding] of GEOMETRIES) {
    for (const act of ACTS) {
      for (const pooled of [false, true]) {
        for (const chunk of [undefined, 1, 3000]) {
          // Stride 1 runs in both layouts (TypeScript plans the wide one, native the standard one).
          for (const wide of stride[0] === 1 && stride[1] === 1 ? [true, false] : [false]) {
          it(`${what}, ${wide ? 'wide' : 'standard'} layout, activation ${act ?? 'none'}${pooled ? ', pooled gradient' : ''}, chunk budget ${chunk ?? 'default'}`, () => {
            const want = runAll(tsConvKernels, wide, xs, ws, stride, padding, act, pooled, 11, chunk);
            const got = runAll(native!, wide, xs, ws, stride, padding, act, pooled, 11, chunk);
            expect(got.length).toBe(want.length);
            got.forEach((g, i) => expectSameBits(g, want[i]!, `output ${i}`));
          });
          }
        }
      }
    }
  }

  it('refuses a chunk larger than the plan\'s and arrays too short for the geometry, by name', () => {
    const x = new Tensor(new Float32Array(2 * 1 * 6 * 6), [2, 1, 6, 6]);
    const w = new Tensor(new Float32Array(3 * 1 * 3 * 3), [3, 1, 3, 3]);
    const prev = setConvChunkFloats(1);
    try {
      const p = convPlan(x, w, null, [1, 1], [1, 1], { ...native!, wideLayout: true });
      expect(p.B).toBe(1);
      expect(() => native!.unfold(x.values, { ...p, geom: Int32Array.of(1, 6, 6, 3, 3, 3, 2, 1, 1, 1, 1, 1) }, 0, 1, new Float32Array(1000), false))
        .toThrow(/the wide layout needs stride 1, got stride \(2, 1\)/);
      const work = new Float32Array(p.srcAt + p.C * p.Hp * p.Wp);
      expect(() => native!.unfold(x.values, p, 0, 2, work, false)).toThrow(/b must be in \[1, 1\]/);
      expect(() => native!.unfold(x.values, p, 0, 1, work.subarray(1), false)).toThrow(/work has \d+ elements, needs at least/);
      expect(() => native!.fold(work, p, 1, 1, new Float32Array(36))).toThrow(/dx has 36 elements, needs at least 72/);
      expect(() => native!.gather(new Float32Array(3), x.values, work, p, 0, 1, 'sigmoid', true)).toThrow(/gy has 3 elements/);
      expect(() => native!.scatter(work, new Float32Array(4), null, p, 0, 1, 'relu', null)).toThrow(/y has 4 elements/);
      expect(() => native!.scatter(work, new Float32Array(108), null, p, 0, 1, 'relu', new Float32Array(5))).toThrow(/pooled has 5 elements, needs at least 27/);
    } finally {
      setConvChunkFloats(prev);
    }
  });
});

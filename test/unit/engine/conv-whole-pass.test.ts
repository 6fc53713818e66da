// The native backend runs a convolution's whole chunk loop in one call (conv_forward /
// conv_backward in native/src/conv.cc), sharing the chunks, or the input gradient, with a second
// thread. It must give exactly the bits of the chunk-by-chunk loop in ops/conv.ts on the same
// backend, at one OpenBLAS thread (no second thread) and at two (with it), for every layout,
// activation, pooling, bias or none, short last chunks, and special values (NaN, ±∞).
import { afterAll, describe, expect, it } from 'vitest';
import { Generator, Tensor, getBackend, setBackend } from '../../../src/main/engine';
import { tryNative } from '../../../src/main/engine/backend';
import type { NativeBackend } from '../../../src/main/engine/backend/native';
import type { ConvKernels, FusedActivation } from '../../../src/main/engine/backend/types';
import { conv2d, setConvChunkFloats } from '../../../src/main/engine/ops/conv';
import { type ConvGeometry, convTestValues, expectSameBits } from '../helpers/conv-test-cases';

const native = tryNative().backend as NativeBackend | undefined;
if (!native) console.warn(`SKIPPING whole-pass convolution tests: ${tryNative().error ?? 'native backend unavailable'}`);
const initial = getBackend().name;
afterAll(() => { setBackend(initial); });

type Mutable = { -readonly [K in keyof ConvKernels]: ConvKernels[K] };

// Special values planted in the inputs when a case asks for them.
const SPECIAL = [Number.NaN, Infinity, -Infinity, 150, -150];

const GEOMETRIES: ConvGeometry[] = [
  // Big enough that every GEMM reaches the backend (ops/conv.ts wholePass), several chunks each.
  ['LeNet conv1', [7, 1, 28, 28], [6, 1, 5, 5], [1, 1], [2, 2]],
  ['LeNet conv2', [13, 6, 14, 14], [16, 6, 5, 5], [1, 1], [0, 0]],
  ['odd sizes, asymmetric padding', [3, 2, 17, 19], [8, 2, 3, 2], [1, 1], [2, 0]],
  ['stride (2, 3), padding (1, 2)', [3, 3, 39, 41], [8, 3, 3, 3], [2, 3], [1, 2]],
];

/** Output and every gradient of one conv2d call on the native backend. */
function run(xs: number[], ws: number[], stride: [number, number], padding: [number, number], act: FusedActivation, pool: boolean, bias: boolean, special: boolean): (Float32Array | undefined)[] {
  const rng = new Generator(11);
  const x = new Tensor(convTestValues(xs.reduce((a, b) => a * b, 1), rng, special ? SPECIAL : undefined), xs);
  const w = new Tensor(convTestValues(ws.reduce((a, b) => a * b, 1), rng), ws);
  const b = bias ? new Tensor(convTestValues(ws[0]!, rng), [ws[0]!]) : null;
  for (const t of [x, w, b]) if (t) t.requiresGrad = true;
  const out = conv2d(x, w, b, stride, padding, act, pool);
  out.backward(new Tensor(convTestValues(out.values.length, rng, special ? SPECIAL : undefined), out.shape.slice()));
  return [out.values.slice(), x.grad?.values.slice(), w.grad?.values.slice(), b?.grad?.values.slice()];
}

describe.skipIf(!native)('native whole-pass convolution loops give the chunk loop\'s bits', () => {
  for (const [what, xs, ws, stride, padding] of GEOMETRIES) {
    for (const chunk of [undefined, 1, 3000]) {
      it(`${what}, chunk budget ${chunk ?? 'default'}`, () => {
        setBackend('native');
        const conv = native!.conv as Mutable;
        expect(conv.forward).toBeTypeOf('function');
        expect(conv.backward).toBeTypeOf('function');
        const { forward, backward } = conv;
        const threads = native!.threads;
        const prevChunk = setConvChunkFloats(chunk);
        try {
          for (const act of [null, 'sigmoid', 'relu'] as FusedActivation[]) {
            for (const pool of [false, true]) {
              for (const [bias, special] of [[true, false], [false, true]]) {
                const label = `${act ?? 'none'}${pool ? ' pooled' : ''}${bias ? ' bias' : ''}${special ? ' special' : ''}`;
                conv.forward = undefined;
                conv.backward = undefined;
                const want = run(xs, ws, stride, padding, act, pool, bias!, special!);
                let calls = 0;
                conv.forward = (...args) => { calls++; forward!(...args); };
                conv.backward = (...args) => { calls++; backward!(...args); };
                for (const n of [1, 2]) {
                  native!.setThreads(n);
                  calls = 0;
                  const got = run(xs, ws, stride, padding, act, pool, bias!, special!);
                  expect(calls, `${label}: the whole-pass loops ran`).toBe(2);
                  ['y', 'dx', 'dw', 'db'].forEach((name, i) => expectSameBits(got[i], want[i], `${label} ${n} thr ${name}`));
                }
                native!.setThreads(threads);
              }
            }
          }
        } finally {
          conv.forward = forward;
          conv.backward = backward;
          native!.setThreads(threads);
          setConvChunkFloats(prevChunk);
        }
      });
    }
  }

  it('refuses arrays too short for the geometry, by name', () => {
    const addon = native!.conv!;
    const x = new Tensor(new Float32Array(2 * 1 * 6 * 6), [2, 1, 6, 6]);
    const w = new Tensor(new Float32Array(3 * 1 * 3 * 3), [3, 1, 3, 3]);
    const y = conv2d(x, w, null, [1, 1], [0, 0]);
    expect(y.shape).toEqual([2, 3, 4, 4]);
    const short = new Float32Array(5);
    const p = { N: 2, geom: Int32Array.of(1, 6, 6, 3, 3, 3, 1, 1, 0, 0, 2, 1) } as never;
    expect(() => addon.forward!(short, w.values, null, y.values, p, null, null)).toThrow(/conv_forward: x has 5 elements, needs at least 72/);
    expect(() => addon.backward!(y.values, y.values, x.values, w.values, short, null, null, p, null, false)).toThrow(/conv_backward: dwT has 5 elements, needs at least 27/);
  });
});

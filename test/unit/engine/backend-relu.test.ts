// Backend.relu and Backend.reluBackward on every available backend: values (signs, zeros, NaN,
// infinities), in-place use, only the first n elements touched, agreement between backends on
// random data, the addon's and the wasm backend's argument checks, and the unary relu op routed
// through them.
import { afterAll, describe, expect, it } from 'vitest';
import { tsBackend } from '../../../src/main/engine/backend/ts';
import { tryNative, tryWasm } from '../../../src/main/engine/backend';
import { loadNative } from '../../../src/main/engine/backend/native';
import type { Backend } from '../../../src/main/engine/backend/types';
import { Generator, getBackend, randn, setBackend, tensor } from '../../../src/main/engine';
import { gradcheck } from './gradcheck';

const native = tryNative().backend;
const wasm = tryWasm().backend;
if (!wasm) throw new Error(`the wasm backend must load here: ${tryWasm().error}`);
const backends: Backend[] = native ? [tsBackend, wasm, native] : [tsBackend, wasm];
const initial = getBackend().name;
afterAll(() => { setBackend(initial); });

const SPECIAL = [-2, -0, 0, 1.5, Number.NaN, Infinity, -Infinity, 1e-40, -1e-40, 3];

function randomSigns(n: number, seed: number): Float32Array {
  const g = new Generator(seed);
  return Float32Array.from({ length: n }, () => g.random() * 2 - 1);
}

for (const b of backends) {
  describe(`${b.name} backend: relu and reluBackward`, () => {
    it('relu keeps positives and NaN, zeroes the rest (−0 and denormal negatives to +0)', () => {
      const x = Float32Array.from(SPECIAL);
      const y = new Float32Array(x.length).fill(7);
      b.relu(x, y, x.length);
      expect(Array.from(y)).toEqual([0, 0, 0, 1.5, Number.NaN, Infinity, 0, Math.fround(1e-40), 0, 3]);
      expect(Object.is(y[1], 0)).toBe(true);
    });

    it('relu works in place and touches only the first n elements', () => {
      const x = randomSigns(5000, 1);
      const want = Array.from(x, (v) => (v > 0 ? v : 0));
      const buf = new Float32Array(5003).fill(-1);
      buf.set(x);
      b.relu(buf, buf, 5000);
      expect(Array.from(buf.subarray(0, 5000))).toEqual(want);
      expect(Array.from(buf.subarray(5000))).toEqual([-1, -1, -1]);
    });

    it('reluBackward passes g where the output is positive or NaN and writes +0 elsewhere', () => {
      const y = Float32Array.from([0, 2, -0, 1e-40, Infinity, 5, Number.NaN, -1]);
      const g = Float32Array.from([-1, -3, -4, 5, 6, -7, 8, -9]);
      const d = new Float32Array(8).fill(9);
      b.reluBackward(g, y, d, 8);
      expect(Array.from(d)).toEqual([0, -3, 0, 5, 6, -7, 8, 0]);
      expect(Object.is(d[0], 0) && Object.is(d[2], 0) && Object.is(d[7], 0)).toBe(true);
    });

    it('reluBackward on subarray views and in place over g', () => {
      const x = randomSigns(4096, 2);
      const y = new Float32Array(4096);
      b.relu(x, y, 4096);
      const g = randomSigns(4100, 3);
      const gv = g.subarray(4), want = Array.from(gv, (v, i) => (y[i] > 0 ? v : 0));
      b.reluBackward(gv, y, gv, 4096);
      expect(Array.from(gv)).toEqual(want);
    });
  });
}

describe.skipIf(!native)('native relu kernels agree with the TypeScript ones and check their arguments', () => {
  it('same results as the ts backend on random data', () => {
    const x = randomSigns(70_001, 4), g = randomSigns(70_001, 5);
    const yt = new Float32Array(x.length), yn = new Float32Array(x.length);
    tsBackend.relu(x, yt, x.length);
    native!.relu(x, yn, x.length);
    expect(yn).toEqual(yt);
    const dt = new Float32Array(x.length), dn = new Float32Array(x.length);
    tsBackend.reluBackward(g, yt, dt, x.length);
    native!.reluBackward(g, yn, dn, x.length);
    expect(dn).toEqual(dt);
  });

  it('rejects short arrays, bad counts and wrong types with messages naming the argument', () => {
    const nb = loadNative();
    const four = new Float32Array(4);
    expect(() => nb.relu(four, new Float32Array(3), 4)).toThrow('relu: y has 3 elements, fewer than n = 4');
    expect(() => nb.reluBackward(four, four, four, 5)).toThrow('relu_backward: g has 4 elements, fewer than n = 5');
    expect(() => nb.relu(four, four, -1)).toThrow('n must be an integer in [0, 2147483647], got -1');
    expect(() => nb.relu(four, new Int32Array(4) as unknown as Float32Array, 4)).toThrow('y must be a Float32Array');
    const call = nb.relu as unknown as (...args: unknown[]) => void;
    expect(() => call(four, four)).toThrow('relu expects 3 arguments, got 2');
  });
});

describe('wasm relu kernels agree with the TypeScript ones and check their arguments', () => {
  it('same results as the ts backend on random data, including in storage views', () => {
    const x = randomSigns(70_001, 4), g = randomSigns(70_001, 5);
    const yt = new Float32Array(x.length), yw = new Float32Array(x.length);
    tsBackend.relu(x, yt, x.length);
    wasm.relu(x, yw, x.length);
    expect(yw).toEqual(yt);
    const dt = new Float32Array(x.length), dw = new Float32Array(x.length);
    tsBackend.reluBackward(g, yt, dt, x.length);
    wasm.reluBackward(g, yw, dw, x.length);
    expect(dw).toEqual(dt);
    // Every mix of storage views (used in place) and ordinary arrays (copied in and out).
    const store = wasm.storage!;
    const xs = store.alloc(x.length), gs = store.alloc(x.length), ys = store.alloc(x.length), ds = store.alloc(x.length);
    xs.set(x);
    gs.set(g);
    wasm.relu(xs, ys, x.length);
    expect(ys).toEqual(yt);
    const yFromStore = new Float32Array(x.length);
    wasm.relu(xs, yFromStore, x.length);
    expect(yFromStore).toEqual(yt);
    wasm.reluBackward(gs, ys, ds, x.length);
    expect(ds).toEqual(dt);
    const dMixed = new Float32Array(x.length);
    wasm.reluBackward(g, ys, dMixed, x.length);
    expect(dMixed).toEqual(dt);
    wasm.reluBackward(gs, ys, gs, x.length);
    expect(gs).toEqual(dt);
    for (const v of [xs, gs, ys, ds]) store.release(v);
  });

  it('rejects short arrays and bad counts with messages naming the argument', () => {
    const four = new Float32Array(4);
    expect(() => wasm.relu(four, new Float32Array(3), 4)).toThrow('relu: y has 3 elements, fewer than n = 4');
    expect(() => wasm.reluBackward(four, four, four, 5)).toThrow('relu_backward: g has 4 elements, fewer than n = 5');
    expect(() => wasm.relu(four, four, -1)).toThrow('relu: n must be an integer in [0, 2147483647], got -1');
    expect(() => wasm.relu(four, four, 1.5)).toThrow('relu: n must be an integer in [0, 2147483647], got 1.5');
  });
});

for (const name of native ? (['ts', 'wasm', 'native'] as const) : (['ts', 'wasm'] as const)) {
  describe(`tensor relu on the ${name} backend (large enough to use the backend kernel)`, () => {
    it('values and gradient', () => {
      setBackend(name);
      const x = tensor(randomSigns(3000, 6), { requiresGrad: true });
      const y = x.relu();
      expect(Array.from(y.values)).toEqual(Array.from(x.values, (v) => (v > 0 ? v : 0)));
      y.sum().backward();
      expect(Array.from(x.grad!.values)).toEqual(Array.from(x.values, (v) => (v > 0 ? 1 : 0)));
    });

    it('passes a numerical gradient check away from the kink', () => {
      setBackend(name);
      const x = randn([50, 60], new Generator(7));
      // Push every element at least 0.1 from zero so central differences do not straddle the kink.
      const v = x.values;
      for (let i = 0; i < v.length; i++) v[i] = v[i] >= 0 ? v[i] + 0.1 : v[i] - 0.1;
      gradcheck((t) => t.relu(), [x]);
    });
  });
}

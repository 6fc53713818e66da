// The training-step fast paths: BLAS-backed axpy and column sums (SGD update, bias gradient), the
// shared scratch of the fused Linear+ReLU backward, and dropout's one-draw-per-element mask. Each
// is checked on every available backend against a float64 reference, and the fused MLP against
// the same network built from unfused ops.
import { afterAll, describe, expect, it } from 'vitest';
import { Generator, Tensor, getBackend, nn, optim, randn, setBackend, tensor } from '../../../src/main/engine';
import { axpy, columnSums } from '../../../src/main/engine/ops/gemm';
import { linear } from '../../../src/main/engine/ops/linear';
import { dropout } from '../../../src/main/engine/nn/dropout';
import { tryNative } from '../../../src/main/engine/backend';
import { gradcheck } from './gradcheck';

const backends: ('ts' | 'native')[] = tryNative().backend ? ['ts', 'native'] : ['ts'];
const initial = getBackend().name;
afterAll(() => { setBackend(initial); });

function randomArray(n: number, seed: number): Float32Array {
  const g = new Generator(seed);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = g.random() * 2 - 1;
  return v;
}

/** Largest |got − want| relative to max(1, |want|). */
function maxRelErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  expect(got.length).toBe(want.length);
  let e = 0;
  for (let i = 0; i < want.length; i++) e = Math.max(e, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  return e;
}

for (const name of backends) {
  describe(`axpy and columnSums on the ${name} backend`, () => {
    // 7 stays in the plain-loop path of gemm(); the others reach the backend.
    for (const n of [0, 7, 5000, 203_530]) {
      it(`axpy: y += alpha·x for n = ${n}`, () => {
        setBackend(name);
        const x = randomArray(n, 1), y = randomArray(n, 2);
        const want = Float64Array.from(y, (v, i) => v + -0.1 * x[i]);
        axpy(n, -0.1, x, y);
        expect(maxRelErr(y, want)).toBeLessThan(1e-6);
      });
    }
    it('axpy writes only the first n elements of a longer y and reads only n of x', () => {
      setBackend(name);
      const x = randomArray(3000, 3), y = new Float32Array(3010).fill(2);
      axpy(3000, 1, x, y);
      expect(y[2999]).toBeCloseTo(2 + x[2999], 6);
      expect(Array.from(y.subarray(3000))).toEqual(new Array(10).fill(2));
    });
    for (const [rows, cols] of [[0, 5], [3, 0], [1, 1], [10, 1], [256, 256], [37, 300]] as const) {
      it(`columnSums of a ${rows}×${cols} matrix`, () => {
        setBackend(name);
        const g = randomArray(rows * cols, 4);
        const out = new Float32Array(cols).fill(Number.NaN); // old contents must never be read
        const want = new Float64Array(cols);
        for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) want[j] += g[r * cols + j];
        columnSums(rows, cols, g, out);
        expect(maxRelErr(out, want)).toBeLessThan(1e-5);
      });
    }
  });

  describe(`training-step kernels on the ${name} backend`, () => {
    it('SGD without momentum: p ← p − lr·g over a parameter big enough for BLAS', () => {
      setBackend(name);
      const n = 10_000;
      const p = tensor(randomArray(n, 5), { requiresGrad: true });
      const g = randomArray(n, 6);
      p.grad = tensor(g.slice());
      const before = Float64Array.from(p.values);
      new optim.SGD([p], { lr: 0.1 }).step();
      expect(maxRelErr(p.values, before.map((v, i) => v - 0.1 * g[i]))).toBeLessThan(1e-6);
      const q = tensor(Float32Array.from(before), { requiresGrad: true });
      q.grad = tensor(g.slice());
      new optim.SGD([q], { lr: 0.1, maximize: true }).step();
      expect(maxRelErr(q.values, before.map((v, i) => v + 0.1 * g[i]))).toBeLessThan(1e-6);
    });

    for (const act of ['relu', 'sigmoid'] as const) {
      it(`fused Linear+${act} gradients match ${act}(linear(x)) built from separate ops`, () => {
        setBackend(name);
        const rng = new Generator(7);
        const x = randn([33, 40], rng);
        const w = randn([50, 40], rng), b = randn([50], rng);
        const run = (fused: boolean): Tensor[] => {
          const xs = [x, w, b].map((t) => tensor(t.values.slice(), { shape: t.shape.slice(), requiresGrad: true }));
          const y = fused ? linear(xs[0], xs[1], xs[2], act) : linear(xs[0], xs[1], xs[2])[act]();
          y.mul(randn([33, 50], new Generator(8))).sum().backward();
          return [y, ...xs.map((t) => t.grad!)];
        };
        const [fy, ...fg] = run(true);
        const [uy, ...ug] = run(false);
        expect(Array.from(fy.values)).toEqual(Array.from(uy.values));
        fg.forEach((g, i) => expect(maxRelErr(g.values, ug[i].values), `gradient ${i}`).toBeLessThan(1e-5));
      });

      it(`fused Linear+${act} passes a numerical gradient check`, () => {
        setBackend(name);
        const rng = new Generator(9);
        // Inputs away from the kink so central differences do not straddle it.
        gradcheck((x, w, b) => linear(x, w, b, act), [randn([6, 5], rng), randn([4, 5], rng), randn([4], rng).add(0.5)]);
      });
    }

    it('two fused graphs built before either backward keep their own gradients (shared scratch)', () => {
      setBackend(name);
      const net = new nn.Sequential(new nn.Linear(20, 30, { rng: new Generator(1) }), new nn.ReLU(), new nn.Linear(30, 4, { rng: new Generator(2) }));
      const xa = randn([16, 20], new Generator(3)), xb = randn([16, 20], new Generator(4));
      const grads = (x: Tensor): Float32Array[] => {
        net.zeroGrad();
        net.forward(x).sum().backward();
        return net.parameters().map((p) => p.grad!.values.slice());
      };
      const wantA = grads(xa), wantB = grads(xb);
      net.zeroGrad();
      const la = net.forward(xa).sum(), lb = net.forward(xb).sum();
      lb.backward();
      const gotB = net.parameters().map((p) => p.grad!.values.slice());
      net.zeroGrad();
      la.backward();
      const gotA = net.parameters().map((p) => p.grad!.values.slice());
      gotA.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(wantA[i])));
      gotB.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(wantB[i])));
    });
  });
}

describe('one 32-bit draw per element for dropout', () => {
  it('Generator.fillUint32 is the nextUint32 stream, and leaves the generator where it would be', () => {
    const a = new Generator(11), b = new Generator(11);
    const out = new Uint32Array(1000);
    a.fillUint32(out);
    for (let i = 0; i < out.length; i++) expect(out[i]).toBe(b.nextUint32());
    expect(a.nextUint32()).toBe(b.nextUint32());
    expect(a.random()).toBe(b.random());
  });

  it('dropout consumes exactly one draw per element and drops where the draw is below p·2³²', () => {
    const n = 5000, p = 0.3;
    const x = randn([50, 100], new Generator(1));
    const rng = new Generator(12), ref = new Generator(12);
    const y = dropout(x, p, true, rng).values;
    for (let i = 0; i < n; i++) {
      const dropped = ref.nextUint32() < p * 2 ** 32;
      // x·0 keeps x's sign (−0 for negative x), as PyTorch's x·mask does.
      expect(y[i]).toBe(Math.fround(x.values[i] * (dropped ? 0 : Math.fround(1 / (1 - p)))));
    }
    expect(rng.nextUint32()).toBe(ref.nextUint32());
  });

  it('dropout gradient is the same mask, and p = 1 drops everything with a finite zero gradient', () => {
    const x = randn([40, 25], new Generator(2)).requiresGrad_();
    const y = dropout(x, 0.5, true, new Generator(3));
    y.sum().backward();
    const scale = Math.fround(1 / 0.5);
    for (let i = 0; i < 1000; i++) expect(x.grad!.values[i]).toBe(y.values[i] === 0 ? 0 : scale);
    const z = tensor(new Float32Array(100).fill(1), { requiresGrad: true });
    const yz = dropout(z, 1, true, new Generator(4));
    yz.sum().backward();
    expect(yz.values.every((v) => v === 0)).toBe(true);
    expect(z.grad!.values.every((v) => v === 0)).toBe(true);
  });
});

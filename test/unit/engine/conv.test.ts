// Convolution and pooling beyond the PyTorch fixtures: numerical gradient checks, every backend
// against a float64 direct convolution (with chunk sizes that force every code path), the options
// the layers refuse, and the fused Sequential paths.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Generator, Tensor, getBackend, nn, randn, setBackend, tensor } from '../../../src/main/engine';
import { tryNative } from '../../../src/main/engine/backend';
import { conv2d as convOp, setConvChunkFloats } from '../../../src/main/engine/ops/conv';
import { gradcheck, sample } from './gradcheck';

const F = nn.functional;
const backends: ('ts' | 'native')[] = tryNative().backend ? ['ts', 'native'] : ['ts'];
const initial = getBackend().name;
afterAll(() => { setBackend(initial); });
afterEach(() => { setConvChunkFloats(); });

/** Direct convolution in float64: out[n, o, i, j] = b[o] + Σ x[n, c, i·sh − ph + ki, j·sw − pw + kj]·w[o, c, ki, kj]. */
function referenceConv(x: Tensor, w: Tensor, b: Tensor | null, [sh, sw]: number[], [ph, pw]: number[]): { shape: number[]; values: Float64Array } {
  const [N, C, H, W] = x.shape;
  const [O, , KH, KW] = w.shape;
  const OH = Math.floor((H + 2 * ph - KH) / sh) + 1, OW = Math.floor((W + 2 * pw - KW) / sw) + 1;
  const out = new Float64Array(N * O * OH * OW);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) for (let i = 0; i < OH; i++) for (let j = 0; j < OW; j++) {
    let s = b === null ? 0 : b.values[o];
    for (let c = 0; c < C; c++) for (let ki = 0; ki < KH; ki++) for (let kj = 0; kj < KW; kj++) {
      const h = i * sh - ph + ki, v = j * sw - pw + kj;
      if (h >= 0 && h < H && v >= 0 && v < W) s += x.values[((n * C + c) * H + h) * W + v] * w.values[((o * C + c) * KH + ki) * KW + kj];
    }
    out[((n * O + o) * OH + i) * OW + j] = s;
  }
  return { shape: [N, O, OH, OW], values: out };
}

function maxRelErr(got: Float32Array, want: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(1, Math.abs(want[i])));
  return worst;
}

const GEOMETRIES: [string, number[], number[], number[], number[]][] = [
  // name, x shape, w shape, stride, padding
  ['LeNet conv1', [5, 1, 12, 12], [6, 1, 5, 5], [1, 1], [2, 2]],
  ['LeNet conv2', [5, 6, 9, 9], [16, 6, 5, 5], [1, 1], [0, 0]],
  ['rectangular, asymmetric padding', [3, 2, 7, 9], [3, 2, 3, 2], [1, 1], [2, 0]],
  ['stride (2, 3), padding (1, 2)', [3, 3, 9, 11], [4, 3, 3, 3], [2, 3], [1, 2]],
  ['1x1 kernel, stride 2', [2, 4, 5, 5], [3, 4, 1, 1], [2, 2], [0, 0]],
];

for (const name of backends) {
  describe(`conv2d on the ${name} backend agrees with a float64 direct convolution`, () => {
    for (const [what, xs, ws, stride, padding] of GEOMETRIES) {
      for (const chunk of [undefined, 1, 3000]) {
        it(`${what}, chunk budget ${chunk ?? 'default'}: output, and dW/dX against the adjoint identity`, () => {
          setBackend(name);
          setConvChunkFloats(chunk);
          const rng = new Generator(3);
          const x = randn(xs, { requiresGrad: true }, rng), w = randn(ws, { requiresGrad: true }, rng), b = randn([ws[0]], { requiresGrad: true }, rng);
          const out = convOp(x, w, b, stride as [number, number], padding as [number, number]);
          const ref = referenceConv(x, w, b, stride, padding);
          expect(out.shape).toEqual(ref.shape);
          expect(maxRelErr(out.values, ref.values)).toBeLessThan(1e-5);
          // <g, conv(x, w)> is linear in x and in w: its gradients must reproduce it exactly.
          const g = randn(ref.shape, rng);
          out.backward(g);
          let gy = 0, xdx = 0, wdw = 0, bdb = 0;
          const noBias = referenceConv(x, w, null, stride, padding).values;
          for (let i = 0; i < g.values.length; i++) gy += g.values[i] * noBias[i];
          for (let i = 0; i < x.values.length; i++) xdx += x.values[i] * x.grad!.values[i];
          for (let i = 0; i < w.values.length; i++) wdw += w.values[i] * w.grad!.values[i];
          for (let i = 0; i < b.values.length; i++) bdb += b.values[i] * b.grad!.values[i];
          let gb = 0;
          for (let i = 0; i < g.values.length; i++) gb += g.values[i] * b.values[Math.floor(i / (ref.shape[2] * ref.shape[3])) % ws[0]];
          expect(Math.abs(xdx - gy)).toBeLessThan(1e-4 * Math.max(1, Math.abs(gy)));
          expect(Math.abs(wdw - gy)).toBeLessThan(1e-4 * Math.max(1, Math.abs(gy)));
          expect(Math.abs(bdb - gb)).toBeLessThan(1e-4 * Math.max(1, Math.abs(gb)));
        });
      }
    }
  });
}

describe('gradcheck: convolution and pooling', () => {
  it('conv2d with stride, padding, bias and without', () => {
    for (const [, xs, ws, stride, padding] of GEOMETRIES.slice(2)) {
      const small = [2, xs[1], Math.min(xs[2], 6), Math.min(xs[3], 7)];
      gradcheck((x, w, b) => F.conv2d(x, w, b, { stride: stride as [number, number], padding: padding as [number, number] }),
        [sample(small, 1), sample(ws, 2, -1, 1), sample([ws[0]], 3)], { eps: 1e-2 });
      gradcheck((x, w) => F.conv2d(x, w, null, stride as [number, number], padding as [number, number]), [sample(small, 4), sample(ws, 5, -1, 1)]);
    }
  });
  it('conv2d on an unbatched (C, H, W) input', () => {
    gradcheck((x, w, b) => F.conv2d(x, w, b, 1, 1), [sample([2, 5, 4], 6), sample([3, 2, 3, 3], 7, -1, 1), sample([3], 8)]);
  });
  it('max_pool2d on distinct values (no ties to straddle)', () => {
    const distinct = (shape: number[], seed: number): Tensor => {
      const n = shape.reduce((a, b) => a * b, 1);
      const perm = new Generator(seed).permutation(n);
      return tensor(Float32Array.from(perm, (v) => v * 0.37 - n * 0.15), { shape });
    };
    gradcheck((x) => F.maxPool2d(x, 2), [distinct([2, 2, 5, 6], 9)], { eps: 1e-2 });
    gradcheck((x) => F.maxPool2d(x, 3, 1, 1), [distinct([1, 2, 5, 5], 10)], { eps: 1e-2 });
    gradcheck((x) => F.maxPool2d(x, [2, 3], { stride: [2, 1], padding: [1, 1] }), [distinct([2, 1, 6, 5], 11)], { eps: 1e-2 });
  });
  it('avg_pool2d with and without the padding in the divisor', () => {
    gradcheck((x) => F.avgPool2d(x, 2), [sample([2, 3, 6, 5], 12)]);
    gradcheck((x) => F.avgPool2d(x, 3, 1, 1), [sample([2, 2, 5, 5], 13)]);
    gradcheck((x) => F.avgPool2d(x, [3, 2], { stride: [2, 1], padding: [1, 1], countIncludePad: false }), [sample([1, 2, 6, 5], 14)]);
  });
  // Conv2d [+ activation] runs fused, and with a following AvgPool2d(2, 2) pooled in the same node.
  // Every node keeps PyTorch's name for what it computes last; a fused one lists the chain it stands for.
  const blocks: [string, () => nn.Module[], string, string[] | undefined][] = [
    ['Conv2d, Sigmoid, AvgPool2d(3, 1)', () => [new nn.Sigmoid(), new nn.AvgPool2d(3, 1)], 'AvgPool2DBackward0', undefined],
    ['Conv2d, ReLU, AvgPool2d(3, 1)', () => [new nn.ReLU(), new nn.AvgPool2d(3, 1)], 'AvgPool2DBackward0', undefined],
    ['Conv2d, Sigmoid, AvgPool2d(2, 2)', () => [new nn.Sigmoid(), new nn.AvgPool2d(2, 2)], 'AvgPool2DBackward0', ['ConvolutionBackward0', 'SigmoidBackward0', 'AvgPool2DBackward0']],
    ['Conv2d, ReLU, AvgPool2d(2)', () => [new nn.ReLU(), new nn.AvgPool2d(2)], 'AvgPool2DBackward0', ['ConvolutionBackward0', 'ReluBackward0', 'AvgPool2DBackward0']],
    ['Conv2d, AvgPool2d(2, 2)', () => [new nn.AvgPool2d(2, 2)], 'AvgPool2DBackward0', ['ConvolutionBackward0', 'AvgPool2DBackward0']],
  ];
  for (const [what, rest, node, fusedOf] of blocks) {
    for (const size of [6, 7]) {
      it(`Sequential(${what}) on ${size}×${size} images: ${fusedOf ? `one node for ${fusedOf.join(' → ')}` : 'pooled apart'}, equal to the layers run one by one`, () => {
        const make = (): nn.Sequential => new nn.Sequential(new nn.Conv2d(2, 3, 3, { padding: 1, rng: new Generator(15) }), ...rest());
        const net = make();
        const x = sample([2, 2, size, size], 16, -2, 2, 0.05);
        const fused = net.forward(x);
        expect(fused.gradFn?.name).toBe(node);
        expect(fused.gradFn?.fusedOf).toEqual(fusedOf);
        if (fusedOf === undefined) {
          const act = what.includes('Sigmoid') ? 'SigmoidBackward0' : 'ReluBackward0';
          expect(fused.gradFn?.inputs[0].gradFn?.name).toBe(act);
          expect(fused.gradFn?.inputs[0].gradFn?.fusedOf).toEqual(['ConvolutionBackward0', act]);
        }
        let y = x;
        for (const m of net) y = m.forward(y);
        expect(Array.from(fused.values)).toEqual(Array.from(y.values));
        // Gradients: the fused node against the layers run one by one (ReLU's kink rules out
        // central differences), and a numerical check where the activation is smooth.
        const grads = (run: (t: Tensor) => Tensor): Float32Array[] => {
          const xx = x.detach().requiresGrad_();
          net.zeroGrad();
          run(xx).mul(sample(fused.shape.slice(), 17)).sum().backward();
          return [xx.grad!.values.slice(), ...net.parameters().map((p) => p.grad!.values.slice())];
        };
        const viaFused = grads((t) => net.forward(t));
        const oneByOne = grads((t) => { let v = t; for (const m of net) v = m.forward(v); return v; });
        viaFused.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(oneByOne[i][j], 6)));
        if (!what.includes('ReLU')) {
          const [w, b] = net.parameters().map((p) => p.detach());
          gradcheck((xx, ww, bb) => {
            const n2 = make();
            (n2.at(0) as nn.Conv2d).weight = nn.Parameter(ww);
            (n2.at(0) as nn.Conv2d).bias = nn.Parameter(bb);
            return n2.forward(xx);
          }, [x, w, b], { eps: 1e-3 });
        }
      });
    }
  }
  it('a Conv2d + AvgPool2d(2) block whose convolution output is one row falls back to the pooling op (and its refusal)', () => {
    const net = new nn.Sequential(new nn.Conv2d(1, 2, 3, { rng: new Generator(18) }), new nn.Sigmoid(), new nn.AvgPool2d(2));
    expect(() => net.forward(sample([1, 1, 3, 6], 19))).toThrow('avg_pool2d: Given input size: (2x1x4). Calculated output size: (2x0x2). Output size is too small');
    expect(net.forward(sample([1, 1, 4, 6], 20)).shape).toEqual([1, 2, 1, 2]);
  });
  it('a Conv2d subclass with its own forward is not fused', () => {
    class Doubled extends nn.Conv2d {
      override forward(x: Tensor): Tensor { return super.forward(x).mul(2); }
    }
    const net = new nn.Sequential(new Doubled(1, 2, 3, { rng: new Generator(17) }), new nn.Sigmoid());
    const x = sample([1, 1, 5, 5], 18);
    const out = net.forward(x);
    expect(out.gradFn?.name).toBe('SigmoidBackward0');
    expect(Array.from(out.values)).toEqual(Array.from(net.at(0).forward(x).sigmoid().values));
  });
});

describe('layer arguments: PyTorch forms accepted, the rest refused by name', () => {
  it('int, [n] and [h, w] kernel sizes, strides and paddings', () => {
    const x = sample([1, 2, 9, 8], 19);
    const w = sample([3, 2, 3, 2], 20);
    const a = F.conv2d(x, w, null, [2, 1], [1, 0]);
    expect(a.shape).toEqual([1, 3, 5, 7]);
    expect(F.conv2d(x, w, null, [2], [1]).shape).toEqual([1, 3, 5, 5]);
    expect(new nn.Conv2d(2, 3, [3, 2], { stride: [2, 1], padding: [1, 0] }).forward(x).shape).toEqual([1, 3, 5, 7]);
    expect(F.maxPool2d(x, [3, 2]).shape).toEqual([1, 2, 3, 4]);
    expect(F.maxPool2d(x, 3, { stride: 2, padding: 1 }).shape).toEqual(F.maxPool2d(x, 3, 2, 1).shape);
    expect(new nn.AvgPool2d(2, 1).forward(x).shape).toEqual([1, 2, 8, 7]);
    expect(new nn.MaxPool2d(3, { padding: 1, stride: 2 }).forward(x).shape).toEqual([1, 2, 5, 4]);
  });
  it('unsupported PyTorch options are refused, naming PyTorch\'s argument', () => {
    expect(() => new nn.Conv2d(1, 2, 3, { groups: 1 } as never)).toThrow("Conv2d: option 'groups' (PyTorch's groups) is not supported");
    expect(() => new nn.Conv2d(1, 2, 3, { dilation: 2 } as never)).toThrow(/option 'dilation' \(PyTorch's dilation\) is not supported/);
    expect(() => new nn.Conv2d(1, 2, 3, { padding_mode: 'zeros' } as never)).toThrow(/option 'padding_mode' \(PyTorch's padding_mode\) is not supported/);
    expect(() => new nn.MaxPool2d(2, { ceil_mode: true } as never)).toThrow(/option 'ceil_mode' \(PyTorch's ceil_mode\) is not supported/);
    expect(() => new nn.MaxPool2d(2, { returnIndices: true } as never)).toThrow(/PyTorch's return_indices/);
    expect(() => new nn.AvgPool2d(2, { divisorOverride: 3 } as never)).toThrow(/PyTorch's divisor_override/);
    expect(() => F.conv2d(sample([1, 1, 4, 4], 21), sample([1, 1, 2, 2], 22), null, { groups: 1 } as never)).toThrow(/PyTorch's groups/);
  });
  it('misspelt keys name the one meant, strings and fractions are refused', () => {
    expect(() => new nn.AvgPool2d(2, { count_include_pad: false } as never)).toThrow("AvgPool2d: unknown option 'count_include_pad'; did you mean 'countIncludePad'?");
    expect(() => new nn.Conv2d(1, 2, 3, { Stride: 2 } as never)).toThrow(/did you mean 'stride'/);
    expect(() => F.conv2d(sample([1, 1, 4, 4], 23), sample([1, 1, 3, 3], 24), null, { padding: 'same' } as never)).toThrow("conv2d: padding='same' is not supported by this engine");
    expect(() => new nn.Conv2d(1, 2, 2.5)).toThrow(/kernel_size must hold integers/);
    expect(() => new nn.Conv2d(1, 2, 0)).toThrow('Conv2d: kernel_size must be positive, got (0, 0)');
    expect(() => new nn.Conv2d(-1, 2, 3)).toThrow('Conv2d: in_channels must be a non-negative integer, got -1');
    expect(() => new nn.AvgPool2d(2, { countIncludePad: 1 } as never)).toThrow('AvgPool2d: countIncludePad must be true or false, got 1');
    expect(() => F.maxPool2d(sample([1, 1, 4, 4], 25), 2, { stride: 1 }, 1 as never)).toThrow('max_pool2d: give padding inside the options object');
  });
});

describe('Conv2d module', () => {
  it('draws weight then bias from its generator, so a seed reproduces it', () => {
    const a = new nn.Conv2d(3, 4, 3, { rng: new Generator(1) });
    const b = new nn.Conv2d(3, 4, 3, { rng: new Generator(1) });
    expect(Array.from(a.weight.values)).toEqual(Array.from(b.weight.values));
    expect(Array.from(a.bias.values)).toEqual(Array.from(b.bias.values));
    expect(a.weight.shape).toEqual([4, 3, 3, 3]);
  });
  it('with 0 input channels gives an empty result of 0 channels, as PyTorch 1.13 does', () => {
    const m = new nn.Conv2d(0, 2, 3);
    const x = tensor(new Float32Array(0), { shape: [1, 0, 4, 4], requiresGrad: true });
    const out = m.forward(x);
    expect(out.shape).toEqual([1, 0, 2, 2]);
    out.sum().backward();
    expect(Array.from(m.bias.grad!.values)).toEqual([0, 0]);
    expect(x.grad!.shape).toEqual([1, 0, 4, 4]);
  });
});

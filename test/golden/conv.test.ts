// Convolution and pooling against PyTorch 1.13: F.conv2d / F.max_pool2d / F.avg_pool2d values and
// every gradient, the modules' reprs, state_dict keys and default-init bounds.
// Fixtures: fixtures/conv.json (re-record with test/golden/record.py).
import { afterEach, describe, expect, it } from 'vitest';
import { Generator, nn, onesLike, tensor, zeros, type Tensor } from '../../src/main/engine';
import type { Encoded as DiffEncoded, Value } from './engine-diff/cases.mjs';
import { closeTo, encode } from './engine-diff/interpret';
import { setConvChunkFloats } from '../../src/main/engine/ops/conv';
import { type Encoded, expectClose, fromEncoded, loadFixture } from './golden-helpers';

type Pair = number | [number] | [number, number];

interface ConvCase {
  name: string;
  stride: Pair;
  padding: Pair;
  x: Encoded;
  weight: Encoded;
  bias: Encoded | null;
  out: Encoded;
  g: Encoded;
  xGrad: Encoded;
  weightGrad: Encoded;
  biasGrad: Encoded | null;
}

interface PoolCase {
  name: string;
  kernel: Pair;
  stride: Pair | null;
  padding: Pair;
  countIncludePad?: boolean;
  x: Encoded;
  out: Encoded;
  g: Encoded;
  xGrad: Encoded;
}

type ModuleSpec =
  | ['Conv2d', number, number, Pair, nn.Conv2dOptions<boolean>]
  | ['MaxPool2d', Pair, nn.MaxPool2dOptions]
  | ['AvgPool2d', Pair, nn.AvgPool2dOptions];

interface ModuleCase {
  spec: ModuleSpec;
  repr: string;
  keys: [string, number[]][];
  bound?: number;
}

const fixture = loadFixture<{
  conv2d: ConvCase[];
  maxPool2d: PoolCase[];
  avgPool2d: PoolCase[];
  modules: ModuleCase[];
  lenetKeys: { repr: string; keys: [string, number[]][] };
  errors: { name: string; message: string }[];
  nonFinite: { name: string; x: DiffEncoded; out: DiffEncoded; xGrad: DiffEncoded }[];
}>('conv');

const decode = (v: Value): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);

const F = nn.functional;
const TOL = { rel: 1e-5, abs: 1e-5 };

afterEach(() => {
  setConvChunkFloats();
});

/**
 * The chunk budgets each conv case runs under: the default (usually the whole batch in one chunk),
 * one image at a time (the GEMM writes straight into the output), and two images per chunk (a
 * short last chunk when the batch is odd).
 */
function chunkings(c: ConvCase): [string, number | undefined][] {
  const [, C, KH, KW] = c.weight.shape;
  const [OH, OW] = c.out.shape.slice(-2);
  const perImage = C * KH * KW * OH * OW;
  return [['default chunks', undefined], ['one image per chunk', 1], ['two images per chunk', 2 * perImage]];
}

describe('golden F.conv2d vs PyTorch: values and every gradient', () => {
  for (const c of fixture.conv2d) {
    for (const [how, floats] of chunkings(c)) {
      it(`${c.name} (${how})`, () => {
        setConvChunkFloats(floats);
        const x = fromEncoded(c.x, true);
        const w = fromEncoded(c.weight, true);
        const b = c.bias === null ? null : fromEncoded(c.bias, true);
        const out = F.conv2d(x, w, b, { stride: c.stride, padding: c.padding });
        expectClose(out, c.out, 'output', TOL);
        expect(out.gradFn?.name).toBe(c.x.shape.length === 3 ? 'SqueezeBackward1' : 'ConvolutionBackward0');
        out.backward(fromEncoded(c.g));
        expectClose(x.grad, c.xGrad, 'grad of input', TOL);
        expectClose(w.grad, c.weightGrad, 'grad of weight', TOL);
        if (c.bias !== null) expectClose(b!.grad, c.biasGrad!, 'grad of bias', TOL);
      });
    }
    it(`${c.name}: positional stride and padding, input without grad`, () => {
      // A data batch needs no gradient: the input-gradient GEMM and col2im are skipped.
      const x = fromEncoded(c.x);
      const w = fromEncoded(c.weight, true);
      const b = c.bias === null ? null : fromEncoded(c.bias, true);
      const out = F.conv2d(x, w, b, c.stride, c.padding);
      expectClose(out, c.out, 'output', TOL);
      out.backward(fromEncoded(c.g));
      expect(x.grad).toBeNull();
      expectClose(w.grad, c.weightGrad, 'grad of weight', TOL);
      if (c.bias !== null) expectClose(b!.grad, c.biasGrad!, 'grad of bias', TOL);
    });
  }
});

describe('golden F.max_pool2d vs PyTorch (ties: the first maximum gets the gradient)', () => {
  for (const c of fixture.maxPool2d) {
    it(c.name, () => {
      const x = fromEncoded(c.x, true);
      const out = F.maxPool2d(x, c.kernel, { stride: c.stride, padding: c.padding });
      expectClose(out, c.out, 'output', TOL);
      expect(out.gradFn?.name).toBe('MaxPool2DWithIndicesBackward0');
      out.backward(fromEncoded(c.g));
      expectClose(x.grad, c.xGrad, 'grad of input', TOL);
    });
  }
});

describe('golden F.avg_pool2d vs PyTorch', () => {
  for (const c of fixture.avgPool2d) {
    it(c.name, () => {
      const x = fromEncoded(c.x, true);
      const out = F.avgPool2d(x, c.kernel, { stride: c.stride, padding: c.padding, countIncludePad: c.countIncludePad! });
      expectClose(out, c.out, 'output', TOL);
      expect(out.gradFn?.name).toBe('AvgPool2DBackward0');
      out.backward(fromEncoded(c.g));
      expectClose(x.grad, c.xGrad, 'grad of input', TOL);
    });
  }
});

function build(spec: ModuleSpec, rng?: Generator): nn.Module {
  switch (spec[0]) {
    case 'Conv2d':
      return new nn.Conv2d(spec[1], spec[2], spec[3], { ...spec[4], ...(rng ? { rng } : {}) });
    case 'MaxPool2d':
      return new nn.MaxPool2d(spec[1], spec[2]);
    case 'AvgPool2d':
      return new nn.AvgPool2d(spec[1], spec[2]);
  }
}

describe('golden nn.Conv2d / MaxPool2d / AvgPool2d modules vs PyTorch', () => {
  for (const c of fixture.modules) {
    it(c.repr, () => {
      const m = build(c.spec);
      expect(m.toString()).toBe(c.repr);
      expect(Object.entries(m.stateDict()).map(([k, v]) => [k, [...v.shape]])).toEqual(c.keys);
    });
    if (c.bound !== undefined) {
      it(`${c.repr}: default init U(±1/√fan_in) for weight and bias, as PyTorch's kaiming_uniform_(a=√5)`, () => {
        const m = build(c.spec, new Generator(5)) as nn.Conv2d<boolean>;
        for (const p of [m.weight, m.bias].filter((t): t is Tensor => t !== null)) {
          const v = p.values;
          let max = 0;
          for (const x of v) max = Math.max(max, Math.abs(x));
          expect(max).toBeLessThanOrEqual(c.bound! + 1e-7);
          // With this many draws the largest one comes close to the bound.
          if (v.length >= 100) expect(max).toBeGreaterThan(0.9 * c.bound!);
        }
      });
    }
  }
  it('LeNet (book 6.6): repr and state_dict keys', () => {
    const lenet = new nn.Sequential(
      new nn.Conv2d(1, 6, 5, { padding: 2 }), new nn.Sigmoid(), new nn.AvgPool2d(2, { stride: 2 }),
      new nn.Conv2d(6, 16, 5), new nn.Sigmoid(), new nn.AvgPool2d(2, 2), new nn.Flatten(),
      new nn.Linear(400, 120), new nn.Sigmoid(), new nn.Linear(120, 84), new nn.Sigmoid(), new nn.Linear(84, 10));
    expect(lenet.toString()).toBe(fixture.lenetKeys.repr);
    expect(Object.entries(lenet.stateDict()).map(([k, v]) => [k, [...v.shape]])).toEqual(fixture.lenetKeys.keys);
  });
});

const z = (...shape: number[]): Tensor => zeros(shape);

/** The engine spelling of each refusal record_conv.py recorded (same names). */
const ERRORS: Record<string, () => unknown> = {
  'conv2d: 2-D input': () => F.conv2d(z(5, 5), z(4, 3, 3, 3)),
  'conv2d: 5-D input': () => F.conv2d(z(1, 2, 3, 5, 5), z(4, 3, 3, 3)),
  'conv2d: input channels differ from the weight': () => F.conv2d(z(2, 3, 5, 5), z(4, 2, 3, 3)),
  'conv2d: unbatched input with the wrong channels': () => F.conv2d(z(2, 5, 5), z(4, 3, 3, 3)),
  'conv2d: kernel larger than the padded input': () => F.conv2d(z(2, 3, 5, 5), z(4, 3, 7, 7)),
  'conv2d: empty height': () => F.conv2d(z(2, 3, 0, 5), z(4, 3, 3, 3)),
  'conv2d: empty width that the padding covers': () => F.conv2d(z(1, 3, 4, 0), z(2, 3, 3, 3), null, { padding: 2 }),
  'conv2d: 2-D weight': () => F.conv2d(z(2, 3, 5, 5), z(4, 3)),
  'conv2d: 3-D weight': () => F.conv2d(z(2, 3, 5, 5), z(4, 3, 3)),
  'conv2d: bias of the wrong length': () => F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), z(3)),
  'conv2d: 2-D bias': () => F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), z(4, 1)),
  'conv2d: stride 0': () => F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), null, { stride: 0 }),
  'conv2d: negative stride': () => F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), null, { stride: [1, -1] }),
  'conv2d: negative padding': () => F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), null, { padding: -1 }),
  'conv2d: stride as a list of 3': () => F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), null, { stride: [1, 2, 3] as unknown as [number, number] }),
  'conv2d: padding as a list of 3': () => F.conv2d(z(2, 3, 5, 5), z(4, 3, 3, 3), null, { padding: [1, 1, 1] as unknown as [number, number] }),
  'conv2d: no output channels': () => F.conv2d(z(2, 3, 5, 5), z(0, 3, 3, 3)),
  'Conv2d: input with the wrong channels': () => new nn.Conv2d(3, 4, 3).forward(z(2, 2, 5, 5)),
  'max_pool2d: 2-D input': () => F.maxPool2d(z(5, 5), 2),
  'max_pool2d: 5-D input': () => F.maxPool2d(z(1, 2, 3, 5, 5), 2),
  'max_pool2d: kernel larger than the input': () => F.maxPool2d(z(2, 3, 5, 5), 6),
  'max_pool2d: kernel larger than an unbatched input': () => F.maxPool2d(z(3, 5, 5), 6),
  'max_pool2d: padding more than half the kernel': () => F.maxPool2d(z(2, 3, 5, 5), 2, { padding: 2 }),
  'max_pool2d: padding more than half a rectangular kernel': () => F.maxPool2d(z(2, 3, 7, 7), [2, 4], { padding: [1, 3] }),
  'max_pool2d: kernel 0 (so stride 0)': () => F.maxPool2d(z(2, 3, 5, 5), 0),
  'max_pool2d: kernel 0, stride 1': () => F.maxPool2d(z(2, 3, 5, 5), 0, 1),
  'max_pool2d: kernel [2, 0], stride 1': () => F.maxPool2d(z(2, 3, 5, 5), [2, 0], { stride: 1 }),
  'max_pool2d: negative stride': () => F.maxPool2d(z(2, 3, 5, 5), 2, -1),
  'max_pool2d: negative padding': () => F.maxPool2d(z(2, 3, 5, 5), 2, null, -1),
  'max_pool2d: no channels': () => F.maxPool2d(z(2, 0, 5, 5), 2),
  'max_pool2d: empty height': () => F.maxPool2d(z(2, 3, 0, 5), 2),
  'max_pool2d: unbatched input without channels': () => F.maxPool2d(z(0, 5, 5), 2),
  'max_pool2d: kernel as a list of 3': () => F.maxPool2d(z(2, 3, 5, 5), [1, 2, 3] as unknown as [number, number]),
  'max_pool2d: stride as a list of 3': () => F.maxPool2d(z(2, 3, 5, 5), 2, [1, 2, 3] as unknown as [number, number]),
  'max_pool2d: padding as a list of 3': () => F.maxPool2d(z(2, 3, 5, 5), 2, { padding: [1, 2, 3] as unknown as [number, number] }),
  'avg_pool2d: 1-D input': () => F.avgPool2d(z(5), 2),
  'avg_pool2d: 2-D input': () => F.avgPool2d(z(5, 5), 2),
  'avg_pool2d: 5-D input': () => F.avgPool2d(z(1, 2, 3, 5, 5), 2),
  'avg_pool2d: kernel larger than the input': () => F.avgPool2d(z(2, 3, 5, 5), 6),
  'avg_pool2d: padding more than half the kernel': () => F.avgPool2d(z(2, 3, 5, 5), 2, { padding: 2 }),
  'avg_pool2d: kernel 0 (so stride 0)': () => F.avgPool2d(z(2, 3, 5, 5), 0),
  'avg_pool2d: kernel -1, stride 1': () => F.avgPool2d(z(2, 3, 5, 5), -1, 1),
  'avg_pool2d: negative stride': () => F.avgPool2d(z(2, 3, 5, 5), 2, -1),
  'avg_pool2d: negative padding': () => F.avgPool2d(z(2, 3, 5, 5), 2, 2, -1),
  'avg_pool2d: no channels': () => F.avgPool2d(z(2, 0, 5, 5), 2),
  'avg_pool2d: kernel as a list of 3': () => F.avgPool2d(z(2, 3, 5, 5), [1, 2, 3] as unknown as [number, number]),
  'avg_pool2d: stride as a list of 3': () => F.avgPool2d(z(2, 3, 5, 5), 2, [1, 2, 3] as unknown as [number, number]),
  'avg_pool2d: padding as a list of 3': () => F.avgPool2d(z(2, 3, 5, 5), 2, { padding: [1, 2, 3] as unknown as [number, number] }),
};

describe('conv and pooling refusals carry PyTorch 1.13\'s messages', () => {
  it('has an engine case for every recorded refusal and no others', () => {
    expect(Object.keys(ERRORS).sort()).toEqual(fixture.errors.map((e) => e.name).sort());
  });
  for (const e of fixture.errors) {
    it(`${e.name}: "${e.message}"`, () => {
      const run = ERRORS[e.name];
      if (!run) throw new Error(`no engine case named "${e.name}"`);
      let message: string | undefined;
      try {
        run();
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message, 'the engine must refuse it too').toBeDefined();
      expect(message).toContain(e.message);
      // The engine prefixes its messages with the op.
      expect(message!.startsWith(`${e.name.split(':')[0].replace('Conv2d', 'conv2d')}: `)).toBe(true);
    });
  }
});

describe('pooling with NaN and infinities, as PyTorch 1.13', () => {
  for (const c of fixture.nonFinite) {
    it(c.name, () => {
      const x = tensor(Float32Array.from(c.x.data, decode), { shape: c.x.shape, requiresGrad: true });
      const out = c.name.startsWith('max')
        ? (c.name.includes('3x3') ? F.maxPool2d(x, 3, 1, 1) : F.maxPool2d(x, 2))
        : F.avgPool2d(x, 2);
      out.backward(onesLike(out));
      const problems: string[] = [];
      closeTo(encode(out), c.out, 'output', { rel: 1e-6, abs: 1e-7 }, problems);
      closeTo(encode(x.grad!), c.xGrad, 'grad of input', { rel: 1e-6, abs: 1e-7 }, problems);
      expect(problems).toEqual([]);
    });
  }
});

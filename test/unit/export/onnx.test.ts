import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { encodeOnnx } from '../../../src/main/services/export/onnx';
import { describeModel } from '../../../src/main/services/export/model-graph';
import type { NamedParams } from '../../../src/main/services/export/tensors';
import type { ModelDescription } from '../../../src/shared/runs';
import { seeded } from '../helpers/seeded';

/** Values centred on 0. */
function rng(seed: number): () => number {
  const next = seeded(seed);
  return () => next() - 0.5;
}

function randomTensor(shape: number[], next: () => number): { shape: number[]; data: number[] } {
  return { shape, data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.fround(next())) };
}

/** The plain-TS forward pass the exported graph must reproduce. */
function reference(model: ModelDescription, params: NamedParams, x: number[][]): number[][] {
  let h = x.map((row) => [...row]);
  for (const layer of model.layers) {
    if (layer.kind === 'relu') h = h.map((r) => r.map((v) => Math.max(0, v)));
    else if (layer.kind === 'softmax') {
      h = h.map((r) => {
        const m = Math.max(...r);
        const e = r.map((v) => Math.exp(v - m));
        const s = e.reduce((a, b) => a + b, 0);
        return e.map((v) => v / s);
      });
    } else if (layer.kind === 'linear') {
      const w = params[layer.weight]!;
      const [inF, outF] = layer.layout === 'out-in' ? [w.shape[1]!, w.shape[0]!] : [w.shape[0]!, w.shape[1]!];
      const at = (i: number, o: number): number => (layer.layout === 'out-in' ? w.data[o * inF + i]! : w.data[i * outF + o]!);
      const b = layer.bias ? params[layer.bias]! : undefined;
      h = h.map((r) => Array.from({ length: outF }, (_, o) => r.reduce((s, v, i) => s + v * at(i, o), b ? b.data[o]! : 0)));
    }
  }
  return h;
}

async function run(bytes: Uint8Array, inputShape: number[], x: number[][]): Promise<{ dims: readonly number[]; rows: number[][] }> {
  const session = await ort.InferenceSession.create(bytes);
  expect(session.inputNames).toEqual(['input']);
  expect(session.outputNames).toEqual(['output']);
  const tensor = new ort.Tensor('float32', Float32Array.from(x.flat()), [x.length, ...inputShape]);
  const out = (await session.run({ input: tensor })).output!;
  const data = Array.from(out.data as Float32Array);
  const width = out.dims[1]!;
  return { dims: out.dims, rows: x.map((_, i) => data.slice(i * width, (i + 1) * width)) };
}

async function expectMatches(model: ModelDescription, params: NamedParams, seed: number, inputScale = 4): Promise<void> {
  const bytes = encodeOnnx(model, params, { metadata: { run_id: 'test' } });
  const features = model.inputShape.reduce((a, b) => a * b, 1);
  const next = rng(seed);
  for (const batch of [1, 5]) {
    const x = Array.from({ length: batch }, () => Array.from({ length: features }, () => Math.fround(next() * inputScale)));
    const { dims, rows } = await run(bytes, model.inputShape, x);
    const want = reference(model, params, x);
    expect(dims).toEqual([batch, want[0]!.length]);
    rows.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThan(1e-5)));
  }
}

describe('ONNX export run in onnxruntime-node', () => {
  it('Linear 2→1 (nn.Sequential(nn.Linear(2, 1)), Gemm transB=1) matches the reference, batch 1 and 5', async () => {
    const next = rng(1);
    const params = { '0.weight': randomTensor([1, 2], next), '0.bias': randomTensor([1], next) };
    const model = describeModel({ id: 'r', experiment: 'linreg-concise' }, params);
    expect(model).toEqual({ inputShape: [2], layers: [{ kind: 'linear', weight: '0.weight', bias: '0.bias', layout: 'out-in' }] });
    await expectMatches(model, params, 2);
  });

  it('MLP 4-8-3 with ReLU between the Gemms matches the reference, batch 1 and 5', async () => {
    const next = rng(3);
    const params = {
      '0.weight': randomTensor([8, 4], next), '0.bias': randomTensor([8], next),
      '2.weight': randomTensor([3, 8], next), '2.bias': randomTensor([3], next),
    };
    const model = describeModel({ id: 'r', experiment: 'mlp' }, params);
    expect(model.layers.map((l) => l.kind)).toEqual(['linear', 'relu', 'linear']);
    await expectMatches(model, params, 4);
  });

  it('the from-scratch linear model (w of shape (in, 1), Gemm transB=0) matches', async () => {
    const next = rng(5);
    const params = { w: randomTensor([3, 1], next), b: randomTensor([1], next) };
    const model = describeModel({ id: 'r', experiment: 'linreg-scratch' }, params);
    expect(model).toEqual({ inputShape: [3], layers: [{ kind: 'linear', weight: 'w', bias: 'b', layout: 'in-out' }] });
    await expectMatches(model, params, 6);
  });

  it('image models get a Flatten first: softmax regression over 1×28×28 inputs', async () => {
    const next = rng(7);
    // Book-like scales (weights ≈ 0.01, inputs of unit size): a 784-term float32 sum stays within 1e-5.
    const weight = randomTensor([10, 784], next);
    weight.data = weight.data.map((x) => Math.fround(x * 0.04));
    const params = { '1.weight': weight, '1.bias': randomTensor([10], next) };
    const model = describeModel({ id: 'r', experiment: 'softmax-concise' }, params);
    expect(model).toEqual({ inputShape: [1, 28, 28], layers: [{ kind: 'flatten' }, { kind: 'linear', weight: '1.weight', bias: '1.bias', layout: 'out-in' }] });
    await expectMatches(model, params, 8, 1);
  });

  it('a stated graph wins: Flatten → Gemm (no bias) → Softmax', async () => {
    const next = rng(9);
    const params = { W: randomTensor([4, 3], next) };
    const stated: ModelDescription = { inputShape: [1, 2, 2], layers: [{ kind: 'flatten' }, { kind: 'linear', weight: 'W', layout: 'in-out' }, { kind: 'softmax' }] };
    expect(describeModel({ id: 'r', experiment: 'softmax-scratch', model: stated }, params)).toBe(stated);
    await expectMatches(stated, params, 10);
  });

  it('the from-scratch softmax regression (W, b) exports as Flatten → Gemm → Softmax', async () => {
    const next = rng(11);
    const W = randomTensor([784, 10], next);
    W.data = W.data.map((x) => Math.fround(x * 0.04));
    const params = { W, b: randomTensor([10], next) };
    const model = describeModel({ id: 'r', experiment: 'softmax-scratch' }, params);
    expect(model.layers.map((l) => l.kind)).toEqual(['flatten', 'linear', 'softmax']);
    expect(model.inputShape).toEqual([1, 28, 28]);
    await expectMatches(model, params, 12, 1);
  });

  it('the from-scratch MLP (W1, b1, W2, b2) exports as Flatten → Gemm → Relu → Gemm', async () => {
    const next = rng(13);
    const W1 = randomTensor([784, 16], next);
    W1.data = W1.data.map((x) => Math.fround(x * 0.04));
    const params = { W1, b1: randomTensor([16], next), W2: randomTensor([16, 10], next), b2: randomTensor([10], next) };
    const model = describeModel({ id: 'r', experiment: 'mlp-scratch' }, params);
    expect(model.layers.map((l) => l.kind)).toEqual(['flatten', 'linear', 'relu', 'linear']);
    await expectMatches(model, params, 14, 1);
  });

  it("the engine's own MLP (4.3) gives the same logits in onnxruntime as in the engine", async () => {
    const { nn, Generator, rand, noGrad } = await import('../../../src/main/engine');
    const g = new Generator(5);
    const net = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256, { rng: g }), new nn.ReLU(), new nn.Linear(256, 10, { rng: g }));
    const x = rand([4, 1, 28, 28], g);
    const logits = noGrad(() => net.forward(x));
    const params: NamedParams = {};
    for (const [name, t] of Object.entries(net.stateDict())) params[name] = { shape: [...t.shape], data: t.values };
    const model = describeModel({ id: 'r', experiment: 'mlp-concise' }, params);
    const session = await ort.InferenceSession.create(encodeOnnx(model, params, {}));
    const out = (await session.run({ input: new ort.Tensor('float32', Float32Array.from(x.values), [4, 1, 28, 28]) })).output!;
    expect(out.dims).toEqual([4, 10]);
    const got = Array.from(out.data as Float32Array);
    const want = Array.from(logits.values);
    // 784- and 256-term float32 sums in a different order: agree to 1e-5 relative to the logit scale.
    want.forEach((w, i) => expect(Math.abs(got[i]! - w)).toBeLessThan(1e-5 * Math.max(1, Math.abs(w))));
  });

  it('names what does not fit', () => {
    const params = { '0.weight': { shape: [1, 2], data: [1, 2] } };
    expect(() => encodeOnnx({ inputShape: [3], layers: [{ kind: 'linear', weight: '0.weight', layout: 'out-in' }] }, params)).toThrow(
      'onnx: layer 0 (linear) weight 0.weight takes 2 features but receives 3',
    );
    expect(() => encodeOnnx({ inputShape: [2], layers: [{ kind: 'linear', weight: '0.weight', bias: '0.bias', layout: 'out-in' }] }, params)).toThrow(
      /bias "0.bias" is not among the run's parameters/,
    );
    expect(() => encodeOnnx({ inputShape: [1, 2], layers: [{ kind: 'linear', weight: '0.weight', layout: 'out-in' }] }, params)).toThrow(/add a flatten layer/);
    expect(() => describeModel({ id: 'r1', experiment: 'odd' }, { 'net.conv.weight': { shape: [1, 1], data: [1] } })).toThrow(
      /run r1 \(odd\) has no graph the ONNX exporter knows \(parameters: net.conv.weight\)/,
    );
  });
});

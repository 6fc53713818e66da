// Sequential's fused nodes stand for a chain of PyTorch nodes: they must give the same values and
// gradients as that chain built from the separate ops, and name the chain (gradFn.fusedOf, in
// PyTorch 1.13's grad_fn names, checked with torch 1.13: F.conv2d → ConvolutionBackward0, .sigmoid()
// → SigmoidBackward0, .relu() → ReluBackward0, F.avg_pool2d → AvgPool2DBackward0, F.linear on a
// 2-D input with bias → AddmmBackward0) for the autograd-graph view.
import { describe, expect, it } from 'vitest';
import { Generator, Tensor, nn } from '../../../src/main/engine';

function leaf(shape: readonly number[], seed: number): Tensor {
  const g = new Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = g.random() * 2 - 1;
  return new Tensor(v, shape, true);
}

type Act = 'sigmoid' | 'relu' | null;

function actModule(act: Act): nn.Module[] {
  return act === 'sigmoid' ? [new nn.Sigmoid()] : act === 'relu' ? [new nn.ReLU()] : [];
}

function applyAct(t: Tensor, act: Act): Tensor {
  return act === 'sigmoid' ? t.sigmoid() : act === 'relu' ? t.relu() : t;
}

function expectClose(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(b[i]!));
}

describe('fused Conv2d [+ activation] [+ AvgPool2d(2, 2)] nodes', () => {
  const cases: [Act, boolean][] = [['sigmoid', true], ['relu', true], [null, true], ['sigmoid', false], ['relu', false]];
  for (const [act, pool] of cases) {
    const chain = ['ConvolutionBackward0', ...(act === 'sigmoid' ? ['SigmoidBackward0'] : act === 'relu' ? ['ReluBackward0'] : []), ...(pool ? ['AvgPool2DBackward0'] : [])];
    it(`${chain.join(' → ')}: same values and gradients as the separate ops, and fusedOf names them`, () => {
      const conv = new nn.Conv2d(3, 4, 3, { padding: 1, rng: new Generator(7) });
      const layers: nn.Module[] = [conv, ...actModule(act), ...(pool ? [new nn.AvgPool2d(2, { stride: 2 })] : [])];
      const x = leaf([2, 3, 7, 6], 1);
      const fused = new nn.Sequential(...layers).forward(x);
      expect(fused.gradFn?.fusedOf).toEqual(chain);
      const gOut = leaf(fused.shape, 2).detach();
      fused.mul(gOut).sum().backward();
      const grads = [x.grad!.values.slice(), conv.weight.grad!.values.slice(), conv.bias!.grad!.values.slice()];
      x.grad = null;
      conv.zeroGrad();

      let y = applyAct(nn.functional.conv2d(x, conv.weight, conv.bias, 1, 1), act);
      expect(y.gradFn?.fusedOf).toBeUndefined();
      if (pool) y = nn.functional.avgPool2d(y, 2);
      expectClose(fused.values, y.values);
      y.mul(gOut).sum().backward();
      expectClose(grads[0]!, x.grad!.values);
      expectClose(grads[1]!, conv.weight.grad!.values);
      expectClose(grads[2]!, conv.bias!.grad!.values);
    });
  }

  it("LeNet's two blocks and its Linear+Sigmoid layers are fused and list PyTorch's chain", () => {
    const net = new nn.Sequential(
      new nn.Conv2d(1, 6, 5, { padding: 2, rng: new Generator(1) }), new nn.Sigmoid(), new nn.AvgPool2d(2, { stride: 2 }),
      new nn.Flatten(), new nn.Linear(6 * 14 * 14, 10, { rng: new Generator(2) }), new nn.Sigmoid(),
    );
    const out = net.forward(leaf([2, 1, 28, 28], 3));
    expect(out.gradFn?.name).toBe('SigmoidBackward0');
    expect(out.gradFn?.fusedOf).toEqual(['AddmmBackward0', 'SigmoidBackward0']);
    const flat = out.gradFn!.inputs[0]!;
    const block = flat.gradFn!.inputs[0]!;
    expect(block.gradFn?.name).toBe('AvgPool2DBackward0');
    expect(block.gradFn?.fusedOf).toEqual(['ConvolutionBackward0', 'SigmoidBackward0', 'AvgPool2DBackward0']);
  });

  it('a Linear+ReLU node lists AddmmBackward0 then ReluBackward0; an unfused linear has no fusedOf', () => {
    const lin = new nn.Linear(4, 3, { rng: new Generator(4) });
    const x = leaf([5, 4], 5);
    expect(new nn.Sequential(lin, new nn.ReLU()).forward(x).gradFn?.fusedOf).toEqual(['AddmmBackward0', 'ReluBackward0']);
    expect(lin.forward(x).gradFn?.fusedOf).toBeUndefined();
  });
});

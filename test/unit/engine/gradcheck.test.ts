// Numerical gradient checks for every differentiable op, including broadcasting and dims.
import { describe, expect, it } from 'vitest';
import { cat, nn, stack, tensor, type Tensor } from '../../../src/main/engine';
import { gradcheck, sample } from './gradcheck';

describe('gradcheck: elementwise binary with broadcasting', () => {
  const cases: [string, number[], number[]][] = [
    ['same shape', [2, 3], [2, 3]],
    ['row vector', [3, 4], [4]],
    ['column', [3, 4], [3, 1]],
    ['both broadcast', [3, 1], [1, 4]],
    ['scalar tensor', [2, 3], []],
    ['leading batch', [2, 3, 4], [3, 1]],
  ];
  for (const [name, sa, sb] of cases) {
    it(`add/sub/mul/div/maximum: ${name}`, () => {
      const a = sample(sa, 1);
      const b = sample(sb, 2, 0.5, 2);
      gradcheck((x, y) => x.add(y), [a, b]);
      gradcheck((x, y) => x.sub(y), [a, b]);
      gradcheck((x, y) => x.mul(y), [a, b]);
      gradcheck((x, y) => x.div(y), [a, b], { eps: 1e-3 });
      gradcheck((x, y) => y.sub(x), [a, b]);
      gradcheck((x, y) => x.maximum(y), [a, b]);
      gradcheck((x, y) => x.minimum(y), [a, b]);
    });
  }
  it('pow with a tensor exponent (both inputs)', () => {
    gradcheck((x, y) => x.pow(y), [sample([2, 3], 3, 0.5, 2), sample([3], 4, -1.5, 1.5)], { eps: 1e-3 });
  });
  it('number operands', () => {
    gradcheck((x) => x.add(2).mul(3).sub(1).div(4), [sample([4], 5)]);
  });
  it('only the operand requiring grad gets one', () => {
    gradcheck((x, y) => x.mul(y), [sample([2, 2], 6), sample([2], 7)], {}, [false, true]);
  });
});

describe('gradcheck: unary', () => {
  const pos = sample([2, 3], 11, 0.3, 2);
  const any = sample([2, 3], 12, -2, 2, 0.05);
  const unary: [string, (x: Tensor) => Tensor, Tensor][] = [
    ['neg', (x) => x.neg(), any],
    ['exp', (x) => x.exp(), any],
    ['log', (x) => x.log(), pos],
    ['sqrt', (x) => x.sqrt(), pos],
    ['abs', (x) => x.abs(), any],
    ['relu', (x) => x.relu(), any],
    ['sigmoid', (x) => x.sigmoid(), any],
    ['tanh', (x) => x.tanh(), any],
    ['clamp', (x) => x.clamp(-1, 1), sample([3, 3], 13, -2, 2, 0.05)],
    ['clamp min only', (x) => x.clamp(0.2), any],
    ['pow 2', (x) => x.pow(2), any],
    ['pow 3', (x) => x.pow(3), any],
    ['pow -0.5', (x) => x.pow(-0.5), pos],
    ['square', (x) => x.square(), any],
  ];
  for (const [name, f, x] of unary) it(name, () => gradcheck(f, [x], { eps: 1e-3 }));
});

describe('gradcheck: reductions', () => {
  const x = sample([2, 3, 4], 21);
  for (const keepdim of [false, true]) {
    it(`sum/mean over dims (keepdim ${keepdim})`, () => {
      gradcheck((t) => t.sum(), [x]);
      gradcheck((t) => t.mean(), [x]);
      for (const d of [0, 1, 2, -1]) {
        gradcheck((t) => t.sum(d, keepdim), [x]);
        gradcheck((t) => t.mean(d, keepdim), [x]);
      }
      gradcheck((t) => t.sum([0, 2], keepdim), [x]);
    });
    it(`max/min along a dim (keepdim ${keepdim})`, () => {
      for (const d of [0, 1, 2]) {
        gradcheck((t) => t.max(d, keepdim).values, [x], { eps: 1e-3 });
        gradcheck((t) => t.min(d, keepdim).values, [x], { eps: 1e-3 });
      }
    });
    it(`logsumexp (keepdim ${keepdim})`, () => {
      for (const d of [0, 1, -1]) gradcheck((t) => t.logsumexp(d, keepdim), [x]);
    });
  }
  it('full max', () => gradcheck((t) => t.max(), [x], { eps: 1e-3 }));
});

describe('gradcheck: softmax family', () => {
  const x = sample([3, 4], 31, -3, 3);
  for (const d of [0, 1, -1]) {
    it(`softmax / logSoftmax dim ${d}`, () => {
      gradcheck((t) => t.softmax(d), [x]);
      gradcheck((t) => t.logSoftmax(d), [x]);
    });
  }
  it('softmax over the middle dim of a 3-D tensor', () => gradcheck((t) => t.softmax(1), [sample([2, 3, 2], 32)]));
});

describe('gradcheck: matmul', () => {
  const shapes: [number[], number[]][] = [
    [[3], [3]], [[2, 3], [3]], [[3], [3, 4]], [[2, 3], [3, 4]],
    [[2, 2, 3], [2, 3, 4]], [[2, 2, 3], [3, 4]], [[3, 2], [2, 2, 3]], [[2, 1, 2, 3], [3, 3, 2]],
    [[3], [2, 3, 2]], [[2, 2, 3], [3]],
  ];
  for (const [sa, sb] of shapes) {
    it(`(${sa}) @ (${sb})`, () => gradcheck((a, b) => a.matmul(b), [sample(sa, 41), sample(sb, 42)]));
  }
  it('a product big enough to use the backend', () => {
    gradcheck((a, b) => a.matmul(b), [sample([9, 17], 43), sample([17, 15], 44)], { eps: 1e-2, atol: 5e-3 });
  });
});

describe('gradcheck: shape and indexing', () => {
  const x = sample([2, 3, 4], 51);
  it('reshape / view / flatten / unsqueeze / squeeze', () => {
    gradcheck((t) => t.reshape(4, -1).mul(t.reshape(4, 6)), [x]);
    gradcheck((t) => t.view([6, 4]).exp(), [x]);
    gradcheck((t) => t.flatten(1).tanh(), [x]);
    gradcheck((t) => t.unsqueeze(1).squeeze(1).sigmoid(), [x]);
  });
  it('transpose / permute / T', () => {
    gradcheck((t) => t.transpose(0, 2).mul(sample([4, 3, 2], 52)), [x]);
    gradcheck((t) => t.permute(2, 0, 1).mul(sample([4, 2, 3], 53)), [x]);
    gradcheck((t) => t.T.matmul(sample([2, 2], 54)), [sample([2, 3], 55)]);
  });
  it('indexSelect with repeats, along each dim', () => {
    gradcheck((t) => t.indexSelect(0, [1, 0, 1]), [x]);
    gradcheck((t) => t.indexSelect(1, [2, 2]), [x]);
    gradcheck((t) => t.indexSelect(-1, [3, 0, 1]), [x]);
  });
  it('gather along dims', () => {
    const m = sample([3, 4], 56);
    gradcheck((t) => t.gather(1, idx2([[0, 3], [1, 1], [2, 0]])), [m]);
    gradcheck((t) => t.gather(0, idx2([[2, 0, 1, 1]])), [m]);
  });
  it('cat / stack / expand / clone', () => {
    const a = sample([2, 3], 57), b = sample([2, 2], 58);
    gradcheck((p, q) => cat([p, q], 1), [a, b]);
    gradcheck((p, q) => cat([p, q.T.reshape(2, 2)], 1), [a, b]);
    gradcheck((p, q) => stack([p, q], 1), [sample([3], 59), sample([3], 60)]);
    gradcheck((p) => p.expand(2, 2, 3), [sample([2, 1, 3], 61)]);
    gradcheck((p) => p.clone().mul(p), [a]);
  });
});

describe('gradcheck: nn pieces', () => {
  it('fused linear, with and without bias and batch dims', () => {
    const lin = new nn.Linear(3, 2);
    gradcheck((x, w, b) => nn.functional.linear(x, w, b), [sample([4, 3], 71), lin.weight.detach(), lin.bias.detach()]);
    gradcheck((x, w) => nn.functional.linear(x, w), [sample([2, 4, 3], 72), lin.weight.detach()]);
    gradcheck((x, w, b) => nn.functional.linear(x, w, b), [sample([3], 73), lin.weight.detach(), lin.bias.detach()]);
  });
  it('Sequential fuses Linear + ReLU: same values as unfused, correct gradients', () => {
    const seq = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
    const x = sample([5, 3], 82);
    const unfused = seq.at(2).forward(seq.at(1).forward(seq.at(0).forward(x)));
    expect(Array.from(seq.forward(x).values)).toEqual(Array.from(unfused.values));
    const fusedFn = seq.forward(x).gradFn?.inputs[0].gradFn;
    expect(fusedFn?.name).toBe('ReluBackward0');
    expect(fusedFn?.fusedOf).toEqual(['AddmmBackward0', 'ReluBackward0']);
    const [w0, b0, w2, b2] = seq.parameters().map((p) => p.detach());
    gradcheck((xx, a, b, c, d) => {
      const s2 = new nn.Sequential(new nn.Linear(3, 4), new nn.ReLU(), new nn.Linear(4, 2));
      s2.at(0).weight = nn.Parameter(a); s2.at(0).bias = nn.Parameter(b);
      s2.at(2).weight = nn.Parameter(c); s2.at(2).bias = nn.Parameter(d);
      return s2.forward(xx);
    }, [x, w0, b0, w2, b2], { eps: 1e-3 });
  });
  it('MSE loss in every reduction, and broadcast fallback', () => {
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      gradcheck((a, b) => nn.functional.mseLoss(a, b, reduction), [sample([4, 2], 74), sample([4, 2], 75)]);
    }
    gradcheck((a, b) => nn.functional.mseLoss(a, b), [sample([4, 2], 76), sample([2], 77)]);
  });
  it('cross-entropy from logits, class indices and probabilities', () => {
    const target = idx1([2, 0, 1]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      gradcheck((x) => nn.functional.crossEntropy(x, target, reduction), [sample([3, 4], 78, -3, 3)]);
    }
    const probs = sample([3, 4], 79, 0, 1).softmax(1);
    gradcheck((x) => nn.functional.crossEntropy(x, probs), [sample([3, 4], 80)]);
    gradcheck((x) => nn.functional.crossEntropy(x, idx1([3]).reshape([])), [sample([4], 81)]);
  });
});

function idx2(v: number[][]): Tensor { return tensor(v); }
function idx1(v: number[]): Tensor { return tensor(v); }

describe('gradcheck itself', () => {
  it('rejects a deliberately wrong backward', async () => {
    const { record } = await import('../../../src/main/engine/autograd');
    const { Tensor: T } = await import('../../../src/main/engine');
    const wrongSquare = (x: Tensor): Tensor => {
      const y = new T(x.values.map((v) => v * v), x.shape);
      return record(y, 'Wrong', [x], (g) => [g.map((gi, i) => gi * x.values[i])]); // missing factor 2
    };
    expect(() => gradcheck(wrongSquare, [sample([3], 90, 0.5, 2)])).toThrow(/gradcheck: input 0/);
  });
});

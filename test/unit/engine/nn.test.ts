// nn: module registration and state dicts, layers, losses, initialisers.
import { describe, expect, it } from 'vitest';
import { Generator, Tensor, nn, tensor, zeros, noGrad } from '../../../src/main/engine';

describe('Module bookkeeping', () => {
  it('Sequential names parameters like PyTorch', () => {
    const net = new nn.Sequential(new nn.Flatten(), new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
    expect(net.namedParameters().map(([k, p]) => [k, p.shape])).toEqual([
      ['1.weight', [3, 4]], ['1.bias', [3]], ['3.weight', [2, 3]], ['3.bias', [2]],
    ]);
    expect(Object.keys(net.stateDict())).toEqual(['1.weight', '1.bias', '3.weight', '3.bias']);
    expect(net.length).toBe(4);
    expect(net.at(-1)).toBe(net.at(3));
    expect(net.children()).toHaveLength(4);
  });
  it('state dict shares storage and round-trips', () => {
    const a = new nn.Sequential(new nn.Linear(2, 1, { rng: new Generator(1) }));
    const b = new nn.Sequential(new nn.Linear(2, 1, { rng: new Generator(2) }));
    expect(a.stateDict()['0.weight'].values).toBe(a.at(0).weight.values);
    b.loadStateDict(a.stateDict());
    expect(b.at(0).weight.tolist()).toEqual(a.at(0).weight.tolist());
    expect(b.at(0).bias.tolist()).toEqual(a.at(0).bias.tolist());
    expect(b.at(0).weight.values).not.toBe(a.at(0).weight.values);
  });
  it('loadStateDict names every missing, unexpected and mis-shaped key', () => {
    const net = new nn.Sequential(new nn.Linear(2, 1));
    expect(() => net.loadStateDict({ '0.weight': zeros([1, 3]), extra: zeros([1]) })).toThrow(
      'Error(s) in loading state_dict for Sequential:\n\tMissing key(s) in state_dict: "0.bias".\n\tUnexpected key(s) in state_dict: "extra".\n\tsize mismatch for 0.weight: copying a param with shape (1, 3) from checkpoint, the shape in current model is (1, 2).',
    );
    net.loadStateDict({ '0.weight': tensor([[1, 2]]) }, false);
    expect(net.at(0).weight.tolist()).toEqual([[1, 2]]);
  });
  it('custom modules register fields and module arrays in assignment order', () => {
    class MLP extends nn.Module {
      hidden = [new nn.Linear(3, 4), new nn.Linear(4, 4)];
      out = new nn.Linear(4, 2, { bias: false });
      scale = nn.Parameter(tensor([1]));
      forward(x: Tensor): Tensor {
        let h = x;
        for (const l of this.hidden) h = l.forward(h).relu();
        return this.out.forward(h).mul(this.scale);
      }
    }
    const m = new MLP();
    expect(Object.keys(m.stateDict())).toEqual(['scale', 'hidden.0.weight', 'hidden.0.bias', 'hidden.1.weight', 'hidden.1.bias', 'out.weight']);
    expect(m.out.bias).toBeNull();
    expect(m.forward(zeros([5, 3])).shape).toEqual([5, 2]);
  });
  it('train/eval propagate; zeroGrad clears grads', () => {
    const net = new nn.Sequential(new nn.Linear(2, 2), new nn.Dropout(0.5));
    net.eval();
    expect(net.training).toBe(false);
    expect(net.at(1).training).toBe(false);
    net.train();
    expect(net.at(1).training).toBe(true);
    net.forward(tensor([[1, 2]])).sum().backward();
    expect(net.at(0).weight.grad).not.toBeNull();
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });
});

describe('Linear', () => {
  it('uses U(-1/sqrt(in), 1/sqrt(in)) for weight and bias', () => {
    const lin = new nn.Linear(16, 64, { rng: new Generator(3) });
    const bound = 1 / Math.sqrt(16);
    for (const p of [lin.weight, lin.bias]) {
      const v = Array.from(p.values);
      expect(Math.max(...v)).toBeLessThanOrEqual(bound);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(-bound);
      expect(Math.max(...v)).toBeGreaterThan(bound * 0.8);
    }
  });
  it('computes x·Wᵀ + b and its gradients, skipping dX when X needs none', () => {
    const lin = new nn.Linear(2, 1);
    noGrad(() => { lin.weight.copy_(tensor([[2, -3]])); lin.bias.fill_(1); });
    const x = tensor([[1, 1], [2, 0]]);
    const y = lin.forward(x);
    expect(y.tolist()).toEqual([[0], [5]]);
    y.sum().backward();
    expect(lin.weight.grad!.tolist()).toEqual([[3, 1]]);
    expect(lin.bias.grad!.tolist()).toEqual([2]);
    expect(x.grad).toBeNull();
    expect(() => lin.forward(zeros([3, 3]))).toThrow('linear: shapes (3, 3) and (2, 1) cannot be multiplied (3 != 2)');
  });
  it('toString reads like PyTorch', () => {
    expect(new nn.Sequential(new nn.Linear(2, 1)).toString()).toBe('Sequential(\n  (0): Linear(in_features=2, out_features=1, bias=True)\n)');
  });
});

describe('activations, Flatten, Dropout', () => {
  it('activations', () => {
    expect(new nn.ReLU().forward(tensor([-1, 2])).tolist()).toEqual([0, 2]);
    expect(new nn.Sigmoid().forward(tensor([0])).tolist()).toEqual([0.5]);
    expect(new nn.Tanh().forward(tensor([0])).tolist()).toEqual([0]);
    expect(new nn.Flatten().forward(zeros([2, 3, 4])).shape).toEqual([2, 12]);
  });
  it('Dropout zeroes about p and scales the rest in training, identity in eval', () => {
    const d = new nn.Dropout(0.25, new Generator(5));
    const x = zeros([10000]).add(1);
    const y = d.forward(x).values;
    const zerosCount = y.filter((v) => v === 0).length;
    expect(zerosCount / y.length).toBeGreaterThan(0.22);
    expect(zerosCount / y.length).toBeLessThan(0.28);
    expect(y.filter((v) => v !== 0).every((v) => Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    d.eval();
    expect(d.forward(x)).toBe(x);
    expect(() => new nn.Dropout(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    expect(new nn.Dropout(1).forward(x).sum().item()).toBe(0);
  });
  it('Dropout backward uses the same mask', () => {
    const x = tensor([1, 1, 1, 1, 1, 1], { requiresGrad: true });
    const y = new nn.Dropout(0.5, new Generator(9)).forward(x);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual(Array.from(y.values));
  });
});

describe('losses', () => {
  it('MSELoss reductions', () => {
    const a = tensor([[1], [2], [3]]), b = tensor([[1], [0], [0]]);
    expect(new nn.MSELoss().forward(a, b).item()).toBeCloseTo(13 / 3, 6);
    expect(new nn.MSELoss({ reduction: 'sum' }).forward(a, b).item()).toBe(13);
    expect(new nn.MSELoss({ reduction: 'none' }).forward(a, b).tolist()).toEqual([[0], [4], [9]]);
    expect(() => new nn.MSELoss({ reduction: 'avg' as 'mean' })).toThrow('avg is not a valid value for reduction');
  });
  it('CrossEntropyLoss from logits is stable and matches log-softmax', () => {
    const logits = tensor([[1000, 0, -1000], [1, 2, 3]], { requiresGrad: true });
    const y = tensor([0, 2]);
    const l = new nn.CrossEntropyLoss().forward(logits, y);
    const want = (0 + (Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3)) / 2;
    expect(l.item()).toBeCloseTo(want, 5);
    l.backward();
    const g = logits.grad!.values;
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
    expect(g[0]).toBeCloseTo(0, 6);
    expect(new nn.CrossEntropyLoss({ reduction: 'none' }).forward(logits, y).shape).toEqual([2]);
    expect(() => new nn.CrossEntropyLoss().forward(logits, tensor([0, 3]))).toThrow('Target 3 is out of bounds');
  });
});

describe('init', () => {
  it('normal_, zeros_, xavierUniform_ (bounds), constant_', () => {
    const w = zeros([20, 30], { requiresGrad: true });
    nn.init.xavierUniform_(w, 1, new Generator(1));
    const a = Math.sqrt(6 / 50);
    expect(Math.max(...w.values)).toBeLessThanOrEqual(a);
    expect(Math.min(...w.values)).toBeGreaterThanOrEqual(-a);
    nn.init.zeros_(w);
    expect(w.sum().item()).toBe(0);
    nn.init.normal_(w, 5, 0.01, new Generator(2));
    expect(Math.abs(w.mean().item() - 5)).toBeLessThan(0.01);
    nn.init.constant_(w, 2);
    expect(w.mean().item()).toBe(2);
    expect(() => nn.init.xavierUniform_(zeros([3]))).toThrow(/fewer than 2 dimensions/);
  });
});

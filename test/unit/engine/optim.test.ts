// optim: SGD and Adam against hand-computed PyTorch updates; hyperparameter validation.
import { describe, expect, it } from 'vitest';
import { Tensor, optim, tensor } from '../../../src/main/engine';

function param(values: number[]): Tensor {
  return tensor(values, { requiresGrad: true });
}

function setGrad(p: Tensor, g: number[]): void {
  p.grad = tensor(g);
}

const near = (got: ArrayLike<number>, want: number[]): void => {
  want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 5));
};

describe('SGD', () => {
  it('plain step: p -= lr·g; zeroGrad sets grads to null', () => {
    const p = param([1, 2]);
    const opt = new optim.SGD([p], { lr: 0.1 });
    setGrad(p, [1, -2]);
    opt.step();
    near(p.values, [0.9, 2.2]);
    opt.zeroGrad();
    expect(p.grad).toBeNull();
    opt.step(); // no grad: no change
    near(p.values, [0.9, 2.2]);
  });
  it('momentum with dampening and weight decay (PyTorch rule)', () => {
    const p = param([1]);
    const opt = new optim.SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.5, weightDecay: 0.1 });
    // step 1: d = 2 + 0.1·1 = 2.1; buf = 2.1; p = 1 − 0.21 = 0.79
    setGrad(p, [2]);
    opt.step();
    near(p.values, [0.79]);
    // step 2: d = 2 + 0.079 = 2.079; buf = 0.9·2.1 + 0.5·2.079 = 2.9295; p = 0.79 − 0.29295
    setGrad(p, [2]);
    opt.step();
    near(p.values, [0.79 - 0.29295]);
  });
  it('nesterov', () => {
    const p = param([0]);
    const opt = new optim.SGD([p], { lr: 1, momentum: 0.5, nesterov: true });
    setGrad(p, [1]);
    opt.step(); // buf = 1; d = 1 + 0.5·1 = 1.5
    near(p.values, [-1.5]);
    setGrad(p, [1]);
    opt.step(); // buf = 0.5 + 1 = 1.5; d = 1 + 0.75 = 1.75
    near(p.values, [-3.25]);
  });
  it('validates like torch.optim', () => {
    expect(() => new optim.SGD([param([1])], { lr: -1 })).toThrow('Invalid learning rate: -1');
    expect(() => new optim.SGD([param([1])], { lr: 0.1, momentum: -0.5 })).toThrow('Invalid momentum value: -0.5');
    expect(() => new optim.SGD([param([1])], { lr: 0.1, weightDecay: -1 })).toThrow('Invalid weight_decay value: -1');
    expect(() => new optim.SGD([param([1])], { lr: 0.1, nesterov: true })).toThrow('Nesterov momentum requires a momentum and zero dampening');
    expect(() => new optim.SGD([], { lr: 0.1 })).toThrow('optimizer got an empty parameter list');
  });
});

describe('Adam', () => {
  it('bias-corrected steps match a float64 reimplementation of torch.optim.Adam', () => {
    const p = param([1, -2]);
    const opt = new optim.Adam([p], { lr: 0.1, betas: [0.8, 0.9], eps: 1e-8, weightDecay: 0.01 });
    const ref = [1, -2];
    const m = [0, 0], v = [0, 0];
    const grads = [[0.5, -1], [0.1, 2], [-0.3, 0.4]];
    grads.forEach((g, t) => {
      setGrad(p, g);
      opt.step();
      for (let i = 0; i < 2; i++) {
        const gi = g[i] + 0.01 * ref[i];
        m[i] = 0.8 * m[i] + 0.2 * gi;
        v[i] = 0.9 * v[i] + 0.1 * gi * gi;
        const bc1 = 1 - 0.8 ** (t + 1), bc2 = 1 - 0.9 ** (t + 1);
        ref[i] -= (0.1 / bc1) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + 1e-8);
      }
      near(p.values, ref);
    });
  });
  it('first step moves each parameter by about lr', () => {
    const p = param([0, 0]);
    const opt = new optim.Adam([p], { lr: 0.01 });
    setGrad(p, [123, -0.001]);
    opt.step();
    near(p.values, [-0.01, 0.01]);
  });
  it('validates like torch.optim', () => {
    expect(() => new optim.Adam([param([1])], { lr: -1 })).toThrow('Invalid learning rate: -1');
    expect(() => new optim.Adam([param([1])], { eps: -1 })).toThrow('Invalid epsilon value: -1');
    expect(() => new optim.Adam([param([1])], { betas: [1, 0.9] })).toThrow('Invalid beta parameter at index 0: 1');
    expect(() => new optim.Adam([param([1])], { betas: [0.9, -0.1] })).toThrow('Invalid beta parameter at index 1: -0.1');
    expect(() => new optim.Adam([param([1])], { weightDecay: -2 })).toThrow('Invalid weight_decay value: -2');
  });
});

describe('SGD maximize', () => {
  it('ascends, with weight decay still pulling towards zero', () => {
    const p = param([1]);
    const opt = new optim.SGD([p], { lr: 0.1, weightDecay: 0.5, momentum: 0.9, maximize: true });
    setGrad(p, [2]);
    opt.step(); // d = −2 + 0.5 = −1.5; p = 1 + 0.15
    near(p.values, [1.15]);
  });
});

describe('zeroGrad storage reuse', () => {
  it('recycled gradient storage gives the same gradients as fresh storage', async () => {
    const { nn: n, Generator: G } = await import('../../../src/main/engine');
    const lin = new n.Linear(3, 2, { rng: new G(4) });
    const opt = new optim.SGD(lin.parameters(), { lr: 0 });
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    lin.forward(x).pow(2).sum().backward();
    const first = lin.weight.grad!.values.slice();
    const storage = lin.weight.grad!.values;
    opt.zeroGrad();
    expect(lin.weight.grad).toBeNull();
    lin.forward(x).pow(2).sum().backward();
    expect(lin.weight.grad!.values).toBe(storage); // reused, not reallocated
    expect(Array.from(lin.weight.grad!.values)).toEqual(Array.from(first));
    // Gradients the user installed are never recycled.
    const mine = tensor([[9, 9, 9], [9, 9, 9]]);
    lin.weight.grad = mine;
    opt.zeroGrad();
    lin.forward(x).sum().backward();
    expect(mine.tolist()).toEqual([[9, 9, 9], [9, 9, 9]]);
  });
});

// Values and gradients of every op on small cases checked by hand.
import { describe, expect, it } from 'vitest';
import { arange, cat, eye, full, linspace, noGrad, ones, stack, tensor, zeros, isGradEnabled } from '../../../src/main/engine';

const close = (got: ArrayLike<number>, want: number[], tol = 1e-6): void => {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]), `element ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(tol);
};

describe('creation', () => {
  it('infers shapes and rejects ragged input', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor(3).shape).toEqual([]);
    expect(tensor(3).item()).toBe(3);
    expect(() => tensor([[1, 2], [3]])).toThrow(/expected sequence of length 2/);
    expect(tensor(new Float32Array([1, 2, 3, 4]), { shape: [2, 2] }).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(/cannot be viewed as shape \(2, 2\)/);
  });
  it('zeros, ones, full, eye, arange, linspace', () => {
    expect(zeros([2, 2]).tolist()).toEqual([[0, 0], [0, 0]]);
    expect(ones(3).tolist()).toEqual([1, 1, 1]);
    expect(full([2], 7).tolist()).toEqual([7, 7]);
    expect(eye(2, 3).tolist()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(arange(4).tolist()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 2, 0.25).tolist()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(linspace(0, 1, 5).tolist()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(zeros([2], { requiresGrad: true }).requiresGrad).toBe(true);
  });
  it('item/size/dim/numel and errors', () => {
    const t = zeros([2, 3, 4]);
    expect(t.numel()).toBe(24);
    expect(t.dim()).toBe(3);
    expect(t.size()).toEqual([2, 3, 4]);
    expect(t.size(-1)).toBe(4);
    expect(() => t.item()).toThrow('a Tensor with 24 elements cannot be converted to Scalar');
  });
  it('prints like PyTorch', () => {
    expect(tensor([1.5, -2]).toString()).toBe('tensor([ 1.5000, -2.0000])');
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(tensor([1], { requiresGrad: true }).toString()).toBe('tensor([1.], requires_grad=True)');
  });
});

describe('binary ops broadcast like PyTorch', () => {
  const a = tensor([[1, 2, 3], [4, 5, 6]]);
  it('values', () => {
    expect(a.add(tensor([10, 20, 30])).tolist()).toEqual([[11, 22, 33], [14, 25, 36]]);
    expect(a.sub(tensor([[1], [2]])).tolist()).toEqual([[0, 1, 2], [2, 3, 4]]);
    expect(a.mul(2).tolist()).toEqual([[2, 4, 6], [8, 10, 12]]);
    expect(a.div(tensor([1, 2, 4])).tolist()).toEqual([[1, 1, 0.75], [4, 2.5, 1.5]]);
    expect(a.pow(2).tolist()).toEqual([[1, 4, 9], [16, 25, 36]]);
    expect(tensor([[1], [2]]).add(tensor([10, 20])).tolist()).toEqual([[11, 21], [12, 22]]);
  });
  it('comparisons give float 0/1', () => {
    expect(a.gt(3).tolist()).toEqual([[0, 0, 0], [1, 1, 1]]);
    expect(a.eq(tensor([1, 0, 3])).tolist()).toEqual([[1, 0, 1], [0, 0, 0]]);
    expect(a.le(2).sum().item()).toBe(2);
    expect(a.ne(2).sum().item()).toBe(5);
    expect(a.lt(2).sum().item()).toBe(1);
    expect(a.ge(6).sum().item()).toBe(1);
  });
  it('names both shapes when they do not broadcast', () => {
    expect(() => a.add(tensor([1, 2]))).toThrow('add: shapes (2, 3) and (2,) cannot be broadcast');
  });
  it('gradients reduce back to each input shape', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const b = tensor([1, 2, 3], { requiresGrad: true });
    x.mul(b).sum().backward();
    expect(x.grad!.tolist()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(b.grad!.tolist()).toEqual([5, 7, 9]);
  });
  it('the same tensor used twice accumulates', () => {
    const x = tensor([3], { requiresGrad: true });
    x.add(x).mul(x).sum().backward(); // 2x² → 4x
    expect(x.grad!.tolist()).toEqual([12]);
  });
});

describe('unary ops', () => {
  it('values', () => {
    close(tensor([0, 1]).exp().values, [1, Math.E], 1e-6);
    close(tensor([1, Math.E]).log().values, [0, 1], 1e-6);
    expect(tensor([-1, 0, 2]).relu().tolist()).toEqual([0, 0, 2]);
    expect(tensor([-1, 2]).abs().tolist()).toEqual([1, 2]);
    expect(tensor([-1, 2]).neg().tolist()).toEqual([1, -2]);
    expect(tensor([4, 9]).sqrt().tolist()).toEqual([2, 3]);
    close(tensor([0, -1000, 1000]).sigmoid().values, [0.5, 0, 1]);
    close(tensor([0, 1]).tanh().values, [0, Math.tanh(1)]);
    expect(tensor([-2, 0.5, 3]).clamp(-1, 1).tolist()).toEqual([-1, 0.5, 1]);
    expect(tensor([-2, 3]).clamp(undefined, 0).tolist()).toEqual([-2, 0]);
  });
  it('relu gradient is 0 at and below zero', () => {
    const x = tensor([-1, 0, 2], { requiresGrad: true });
    x.relu().sum().backward();
    expect(x.grad!.tolist()).toEqual([0, 0, 1]);
  });
});

describe('reductions', () => {
  const x = tensor([[1, 5, 3], [4, 2, 6]]);
  it('sum / mean / max / min / argmax with dims and keepdim', () => {
    expect(x.sum().item()).toBe(21);
    expect(x.sum(0).tolist()).toEqual([5, 7, 9]);
    expect(x.sum(1, true).tolist()).toEqual([[9], [12]]);
    expect(x.sum(-1).shape).toEqual([2]);
    expect(x.mean(1).tolist()).toEqual([3, 4]);
    expect(x.sum([0, 1]).item()).toBe(21);
    expect(x.max().item()).toBe(6);
    expect(x.max(1).values.tolist()).toEqual([5, 6]);
    expect(x.max(1).indices.tolist()).toEqual([1, 2]);
    const [mins, where] = x.min(0, true);
    expect(mins.tolist()).toEqual([[1, 2, 3]]);
    expect(where.tolist()).toEqual([[0, 1, 0]]);
    expect(x.argmax(1).tolist()).toEqual([1, 2]);
    expect(x.argmax().item()).toBe(5);
    expect(() => x.sum(2)).toThrow('sum: Dimension out of range (expected to be in range of [-2, 1], but got 2)');
  });
  it('max routes the gradient to the arg max; full max splits ties', () => {
    const t = tensor([[1, 5, 3], [4, 2, 6]], { requiresGrad: true });
    t.max(1).values.sum().backward();
    expect(t.grad!.tolist()).toEqual([[0, 1, 0], [0, 0, 1]]);
    const u = tensor([2, 2, 1], { requiresGrad: true });
    u.max().backward();
    expect(u.grad!.tolist()).toEqual([0.5, 0.5, 0]);
  });
  it('mean gradient is 1/n', () => {
    const t = tensor([1, 2, 3, 4], { requiresGrad: true });
    t.mean().backward();
    expect(t.grad!.tolist()).toEqual([0.25, 0.25, 0.25, 0.25]);
  });
});

describe('softmax family is stable', () => {
  it('handles huge logits', () => {
    const s = tensor([[1000, 1000], [0, Math.log(3)]]).softmax(1);
    close(s.values, [0.5, 0.5, 0.25, 0.75]);
    const ls = tensor([1000, 1000]).logSoftmax(0);
    close(ls.values, [-Math.LN2, -Math.LN2]);
    close(tensor([1000, 1000]).logsumexp(0).values, [1000 + Math.LN2], 1e-3);
    expect(tensor([[1, 2], [3, 4]]).logsumexp(1, true).shape).toEqual([2, 1]);
  });
});

describe('matmul', () => {
  it('all rank combinations', () => {
    expect(tensor([1, 2, 3]).matmul(tensor([4, 5, 6])).item()).toBe(32);
    expect(tensor([[1, 2], [3, 4]]).matmul(tensor([1, 1])).tolist()).toEqual([3, 7]);
    expect(tensor([1, 1]).matmul(tensor([[1, 2], [3, 4]])).tolist()).toEqual([4, 6]);
    expect(tensor([[1, 2], [3, 4]]).matmul(eye(2)).tolist()).toEqual([[1, 2], [3, 4]]);
    const batched = stack([eye(2), eye(2).mul(2)]).matmul(tensor([[1, 2], [3, 4]]));
    expect(batched.tolist()).toEqual([[[1, 2], [3, 4]], [[2, 4], [6, 8]]]);
  });
  it('error names both shapes', () => {
    expect(() => zeros([3, 2]).matmul(zeros([3, 1]))).toThrow('matmul: shapes (3, 2) and (3, 1) cannot be multiplied (2 != 3)');
  });
  it('gradients', () => {
    const a = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const b = tensor([[5], [6]], { requiresGrad: true });
    a.matmul(b).sum().backward();
    expect(a.grad!.tolist()).toEqual([[5, 6], [5, 6]]);
    expect(b.grad!.tolist()).toEqual([[4], [6]]);
  });
});

describe('shape ops', () => {
  const x = arange(6);
  it('reshape shares storage and infers -1', () => {
    const r = x.reshape(2, -1);
    expect(r.shape).toEqual([2, 3]);
    expect(r.values).toBe(x.values);
    expect(x.view([3, 2]).shape).toEqual([3, 2]);
    expect(() => x.reshape(4, -1)).toThrow("shape '[4, -1]' is invalid for input of size 6");
  });
  it('transpose / T / permute / flatten / squeeze / unsqueeze', () => {
    const m = x.reshape(2, 3);
    expect(m.T.tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(m.transpose(0, 1).tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(x.reshape(1, 2, 3).permute(2, 0, 1).shape).toEqual([3, 1, 2]);
    expect(x.reshape(1, 2, 3).flatten().shape).toEqual([6]);
    expect(x.reshape(1, 2, 3).flatten(1).shape).toEqual([1, 6]);
    expect(x.reshape(1, 6, 1).squeeze().shape).toEqual([6]);
    expect(x.reshape(1, 6, 1).squeeze(0).shape).toEqual([6, 1]);
    expect(x.unsqueeze(-1).shape).toEqual([6, 1]);
  });
  it('cat / stack', () => {
    expect(cat([tensor([[1, 2]]), tensor([[3, 4]])]).tolist()).toEqual([[1, 2], [3, 4]]);
    expect(cat([tensor([[1], [2]]), tensor([[3, 4], [5, 6]])], 1).tolist()).toEqual([[1, 3, 4], [2, 5, 6]]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).tolist()).toEqual([[1, 3], [2, 4]]);
    expect(() => cat([zeros([2, 2]), zeros([3, 3])])).toThrow(/sizes of tensors must match except in dimension 0: got \(2, 2\) and \(3, 3\)/);
  });
  it('indexSelect / gather', () => {
    const m = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(m.indexSelect(1, [2, 0]).tolist()).toEqual([[3, 1], [6, 4]]);
    expect(m.indexSelect(0, tensor([1])).tolist()).toEqual([[4, 5, 6]]);
    expect(m.gather(1, tensor([[0], [2]])).tolist()).toEqual([[1], [6]]);
    // PyTorch 1.13's words depend on its kernel: dim 1 names the index, other dims do not.
    expect(() => m.indexSelect(1, [3])).toThrow('index_select(): INDICES element is out of DATA bounds, id=3 axis_dim=3');
    expect(() => m.indexSelect(0, [-1])).toThrow('index_select(): index out of range in self (index -1 along dimension 0 of size 2');
    expect(() => m.gather(1, tensor([[0], [3]]))).toThrow('gather(): index 3 is out of bounds for dimension 1 with size 3');
    const y = tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], { requiresGrad: true });
    y.gather(1, tensor([[0], [2]])).sum().backward();
    expect(y.grad!.tolist()).toEqual([[1, 0, 0], [0, 0, 1]]);
  });
});

describe('autograd', () => {
  it('noGrad records nothing and restores the mode', () => {
    const w = tensor([1], { requiresGrad: true });
    const y = noGrad(() => w.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });
  it('backward needs a scalar or an explicit gradient', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(() => w.mul(2).backward()).toThrow('grad can be implicitly created only for scalar outputs');
    w.mul(2).backward(tensor([1, 10]));
    expect(w.grad!.tolist()).toEqual([2, 20]);
    expect(() => tensor([1]).backward()).toThrow('does not require grad');
  });
  it('gradients accumulate over backward calls until cleared', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    w.sum().backward();
    w.sum().backward();
    expect(w.grad!.tolist()).toEqual([2, 2]);
  });
  it('two leaves receiving the same gradient array do not share storage', () => {
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([2], { requiresGrad: true });
    a.add(b).backward();
    a.grad!.values[0] = 5;
    expect(b.grad!.item()).toBe(1);
  });
  it('a long chain does not overflow the stack', () => {
    const x = tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.mul(1);
    y.sum().backward();
    expect(x.grad!.item()).toBe(1);
  });
  it('detach and .data leave the graph; in-place on a grad leaf is refused', () => {
    const w = tensor([1], { requiresGrad: true });
    expect(w.detach().requiresGrad).toBe(false);
    expect(() => w.add_(1)).toThrow(/leaf Variable that requires grad/);
    w.data.add_(1);
    expect(w.item()).toBe(2);
    noGrad(() => w.sub_(tensor([0.5]), 2));
    expect(w.item()).toBe(1);
  });
  it('in-place helpers', () => {
    const t = zeros([2, 2]);
    t.fill_(3).mul_(2).div_(tensor([1, 2])).add_(1, 0.5).sub_(tensor([[1], [2]]));
    expect(t.tolist()).toEqual([[5.5, 2.5], [4.5, 1.5]]);
    t.copy_(tensor([7, 8]));
    expect(t.tolist()).toEqual([[7, 8], [7, 8]]);
    t.zero_();
    expect(t.sum().item()).toBe(0);
  });
});

// autogradGraph / traceAutograd and retainGrad: the parts the PyTorch fixtures (test/golden/graph)
// do not reach — shared inputs, tensors outside the graph, the tensors a traced node points at.
import { describe, expect, it } from 'vitest';
import { Generator, autogradGraph, nn, tensor, traceAutograd } from '../../../src/main/engine';

describe('autogradGraph', () => {
  it('is empty for a tensor that needs no gradient', () => {
    expect(autogradGraph(tensor([1, 2]).mul(2))).toEqual({ nodes: [], edges: [] });
  });

  it('gives a leaf one AccumulateGrad node however often it is used', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const g = autogradGraph(a.mul(a).sum());
    expect(g.nodes.map((n) => n.op)).toEqual(['SumBackward0', 'MulBackward0', 'AccumulateGrad']);
    expect(g.edges).toEqual([[1, 0], [2, 1], [2, 1]]);
  });

  it('names the result of a fused Linear+ReLU as PyTorch does and expands it', () => {
    const seq = new nn.Sequential(new nn.Linear(3, 2, { rng: new Generator(1) }), new nn.ReLU());
    const y = seq.forward(tensor([[1, 2, 3]]));
    expect(y.gradFn?.name).toBe('ReluBackward0');
    expect(String(y)).toContain('grad_fn=<ReluBackward0>');
    const t = traceAutograd(y);
    expect(t.nodes.map((n) => n.op)).toEqual(['ReluBackward0', 'AddmmBackward0', 'AccumulateGrad', 'TBackward0', 'AccumulateGrad']);
    // The fused node's first half is no tensor of its own; the leaves are the parameters.
    expect(t.nodes[0].tensor).toBe(y);
    expect(t.nodes[1].tensor).toBeNull();
    expect(t.nodes[2].tensor).toBe(seq.at(0).bias);
    expect(t.nodes[4].tensor).toBe(seq.at(0).weight);
  });

  it('names Linear without bias MmBackward0', () => {
    const lin = new nn.Linear(3, 2, { bias: false, rng: new Generator(1) });
    expect(autogradGraph(lin.forward(tensor([[1, 2, 3]]))).nodes.map((n) => n.op)).toEqual(['MmBackward0', 'TBackward0', 'AccumulateGrad']);
  });

  it('names train-mode dropout MulBackward0 (PyTorch CPU) and p = 0 no node', () => {
    const x = tensor([[1, 2, 3]], { requiresGrad: true });
    expect(new nn.Dropout(0.5, new Generator(1)).forward(x).gradFn?.name).toBe('MulBackward0');
    expect(new nn.Dropout(0).forward(x)).toBe(x);
  });
});

describe('retainGrad', () => {
  it('keeps the gradient of a non-leaf tensor, as PyTorch retain_grad()', () => {
    const a = tensor([1, 2, 3], { requiresGrad: true });
    const b = a.mul(2).retainGrad();
    const c = b.mul(b).sum();
    c.backward();
    expect(Array.from(b.grad!.values)).toEqual([4, 8, 12]);
    expect(Array.from(a.grad!.values)).toEqual([8, 16, 24]);
  });

  it('refuses a tensor that does not require grad, with PyTorch words', () => {
    expect(() => tensor([1]).retainGrad()).toThrow("can't retain_grad on Tensor that has requires_grad=False");
  });
});

describe('registerPostAccumulateGradHook', () => {
  it('sees each backward\'s accumulated .grad before an update zeroes it, until removed', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    const seen: number[][] = [];
    const handle = w.registerPostAccumulateGradHook((t) => seen.push(Array.from(t.grad!.values)));
    w.mul(3).sum().backward();
    // The book's sgd: update, then zero the gradient in place.
    w.grad!.values.fill(0);
    w.mul(w).sum().backward();
    expect(seen).toEqual([[3, 3], [2, 4]]);
    // Without zeroing, PyTorch's hook sees the sum of both passes: so does this one.
    w.mul(w).sum().backward();
    expect(seen[2]).toEqual([4, 8]);
    handle.remove();
    w.sum().backward();
    expect(seen).toHaveLength(3);
  });

  it('runs once per leaf that got a gradient, also through the fused Linear fast path', () => {
    const layer = new nn.Linear(3, 2, { rng: new Generator(1) });
    const calls: string[] = [];
    layer.weight.registerPostAccumulateGradHook(() => calls.push('weight'));
    layer.bias!.registerPostAccumulateGradHook(() => calls.push('bias'));
    layer.forward(tensor([[1, 2, 3]])).sum().backward();
    expect(calls.sort()).toEqual(['bias', 'weight']);
  });

  it('refuses non-leaf tensors and tensors without gradients, with PyTorch words', () => {
    const a = tensor([1], { requiresGrad: true });
    expect(() => a.mul(2).registerPostAccumulateGradHook(() => {})).toThrow('post accumulate grad hooks cannot be registered on non-leaf tensors');
    expect(() => tensor([1]).registerPostAccumulateGradHook(() => {})).toThrow("cannot register a hook on a tensor that doesn't require gradient");
  });
});

// Options objects stand in for keyword arguments: a key the engine does not take is refused with
// the key that was meant, never silently ignored (issue 20). What the options then do is checked
// against PyTorch in test/golden/edges.test.ts.
import { describe, expect, it, vi } from 'vitest';
import { arange, data, nn, ones, optim, randn, tensor, zeros, Generator } from '../../../src/main/engine';

const params = (): ReturnType<typeof zeros>[] => [zeros([2], { requiresGrad: true })];
// Runtime calls as plain JavaScript would make them (TypeScript already rejects these literals).
type Loose = Record<string, unknown>;

describe('unknown and snake_case option keys are refused, naming the right key', () => {
  it('optimisers', () => {
    expect(() => new optim.SGD(params(), { lr: 0.1, weight_decay: 10 } as unknown as optim.SGDOptions))
      .toThrow("SGD: unknown option 'weight_decay'; did you mean 'weightDecay'? (options are spelled in camelCase: lr, momentum, dampening, weightDecay, nesterov, maximize)");
    expect(() => new optim.SGD(params(), { lr: 0.1, weightdecay: 1 } as unknown as optim.SGDOptions)).toThrow("did you mean 'weightDecay'?");
    expect(() => new optim.Adam(params(), { foreach: true } as Loose)).toThrow("Adam: option 'foreach' (PyTorch's foreach) is not supported by this engine");
    expect(() => new optim.Adam(params(), { lr: 0.1, amsGrad: true } as Loose)).toThrow("did you mean 'amsgrad'?");
    expect(() => new optim.SGD(params(), 0.1 as unknown as optim.SGDOptions)).toThrow('SGD: options must be an object such as { lr: … }, got 0.1');
    expect(new optim.Adam(params(), { maximize: true }).maximize).toBe(true);
  });
  it('losses, layers and functional forms', () => {
    expect(() => new nn.CrossEntropyLoss({ label_smoothing: 0.1 } as Loose)).toThrow("CrossEntropyLoss: unknown option 'label_smoothing'; did you mean 'labelSmoothing'?");
    expect(() => new nn.CrossEntropyLoss({ ignore_index: 0 } as Loose)).toThrow("option 'ignore_index' (PyTorch's ignore_index) is not supported by this engine");
    expect(() => new nn.MSELoss({ labelSmoothing: 0.1 } as Loose)).toThrow("MSELoss: unknown option 'labelSmoothing'; supported options: reduction");
    expect(() => new nn.Linear(2, 1, { bias: false, device: 'cpu' } as Loose)).toThrow("Linear: option 'device' (PyTorch's device) is not supported");
    const x = randn([2, 3], new Generator(1)), y = tensor([0, 2]);
    expect(() => nn.functional.crossEntropy(x, y, { label_smoothing: 0.1 } as Loose)).toThrow("cross_entropy: unknown option 'label_smoothing'; did you mean 'labelSmoothing'?");
    expect(nn.functional.crossEntropy(x, y, { labelSmoothing: 0.2, reduction: 'sum' }).item())
      .toBeCloseTo(new nn.CrossEntropyLoss({ labelSmoothing: 0.2, reduction: 'sum' }).forward(x, y).item(), 6);
    expect(nn.functional.mseLoss(x, x.mul(2), { reduction: 'sum' }).item()).toBeCloseTo(nn.functional.mseLoss(x, x.mul(2), 'sum').item(), 6);
    expect(() => nn.functional.mseLoss(x, x, 'avg' as 'mean')).toThrow('avg is not a valid value for reduction (mean, sum, none)');
    expect(() => new nn.CrossEntropyLoss({ labelSmoothing: -0.1 })).toThrow('label_smoothing must be between 0.0 and 1.0. Got: -0.1');
  });
  it('DataLoader, creation functions and backward', () => {
    const ds = new data.TensorDataset(arange(4));
    expect(() => new data.DataLoader(ds, { batch_size: 2 } as Loose)).toThrow("DataLoader: unknown option 'batch_size'; did you mean 'batchSize'?");
    expect(() => new data.DataLoader(ds, { numWorkers: 2 } as Loose)).toThrow("DataLoader: option 'numWorkers' (PyTorch's num_workers) is not supported");
    expect(() => tensor([1], { requires_grad: true } as Loose)).toThrow("tensor: unknown option 'requires_grad'; did you mean 'requiresGrad'?");
    expect(() => zeros([2], { dtype: 'float64' } as Loose)).toThrow("zeros: option 'dtype' (PyTorch's dtype (every tensor is float32)) is not supported");
    expect(() => ones([2], { requiresgrad: true } as Loose)).toThrow("did you mean 'requiresGrad'?");
    const w = tensor([1, 2], { requiresGrad: true });
    expect(() => w.mul(w).sum().backward({ retain_graph: true } as Loose)).toThrow("backward: unknown option 'retain_graph'; did you mean 'retainGraph'?");
    expect(() => w.sum().backward({ createGraph: true } as Loose)).toThrow("backward: option 'createGraph' (PyTorch's create_graph) is not supported");
  });
  it('dropout arguments are checked too', () => {
    expect(() => nn.functional.dropout(ones([2]), 0.5, 'yes' as unknown as boolean)).toThrow('dropout: training must be true or false, got yes');
    expect(() => new nn.Dropout(1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    expect(() => new nn.Dropout({ p: 0.2 } as unknown as number)).toThrow('dropout probability has to be between 0 and 1, but got {"p":0.2}');
  });
});

describe('layout: what PyTorch would call contiguous', () => {
  it('stride, isContiguous and contiguous follow transpose, expand and view', () => {
    const x = arange(12).reshape(3, 4);
    expect(x.stride()).toEqual([4, 1]);
    expect(x.T.stride()).toEqual([1, 4]);
    expect(x.T.isContiguous()).toBe(false);
    expect(x.T.contiguous().isContiguous()).toBe(true);
    expect(x.contiguous()).toBe(x);
    expect(arange(4).expand(3, 4).stride()).toEqual([0, 1]);
    expect(x.T.unsqueeze(1).stride()).toEqual([1, 12, 4]); // PyTorch 1.13 gives (1, 12, 4)
    expect(() => tensor(3).stride(0)).toThrow('stride: Dimension specified as 0 but tensor has no dimensions');
    expect(() => tensor(3).size(0)).toThrow('size: Dimension specified as 0 but tensor has no dimensions');
  });
  it('in-place writes into an expanded tensor are refused like PyTorch, fill_ and zero_ allowed', () => {
    const e = zeros([3]).expand(2, 3);
    expect(() => e.add_(1)).toThrow('unsupported operation: more than one element of the written-to tensor refers to a single memory location');
    expect(() => e.mul_(2)).toThrow('unsupported operation');
    expect(() => e.copy_(ones([2, 3]))).toThrow('unsupported operation');
    expect(e.fill_(1).sum().item()).toBe(6);
    expect(e.zero_().sum().item()).toBe(0);
  });
  it('.T of a tensor that is not 2-D warns once, as PyTorch 1.13 does', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(zeros([2, 3, 4]).T.shape).toEqual([4, 3, 2]);
      expect(zeros([3]).T.shape).toEqual([3]);
      expect(tensor(2).T.shape).toEqual([]);
      const tWarnings = warn.mock.calls.filter(([m]) => String(m).includes('`x.T` on tensors of dimension other than 2'));
      expect(tWarnings.length).toBeLessThanOrEqual(1);
    } finally {
      warn.mockRestore();
    }
  });
});

// nn layers, losses, one MLP training step and state_dict naming against PyTorch 1.13.
// Fixtures: fixtures/nn.json (re-record with test/golden/record.py).
import { describe, expect, it } from 'vitest';
import { nn, optim, type Tensor } from '../../src/main/engine';
import { type Encoded, expectClose, fromEncoded, loadFixture } from './golden-helpers';

interface LinearCase {
  name: string;
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  stateDict: Record<string, Encoded>;
  x: Encoded;
  out: Encoded;
  g: Encoded;
  xGrad: Encoded;
  paramGrads: Record<string, Encoded>;
}

interface ModuleCase {
  name: string;
  module: 'ReLU' | 'Sigmoid' | 'Tanh' | 'Flatten';
  args: number[];
  x: Encoded;
  out: Encoded;
  g: Encoded;
  xGrad: Encoded;
}

interface LossCase {
  name: string;
  reduction: 'mean' | 'sum' | 'none';
  input: Encoded;
  target: Encoded;
  out: Encoded;
  g?: Encoded;
  inputGrad: Encoded;
}

interface MlpStepCase {
  name: string;
  lr: number;
  x: Encoded;
  y: Encoded;
  before: Record<string, Encoded>;
  logits: Encoded;
  loss: Encoded;
  grads: Record<string, Encoded>;
  after: Record<string, Encoded>;
}

/** A layer as record_nn.py describes it: ['Linear', in, out, bias?], ['Dropout', p], ['Sequential', ...]. */
type LayerSpec = [string, ...(number | boolean | LayerSpec)[]];

interface StateDictCase {
  name: string;
  layers: LayerSpec[];
  keys: [string, number[]][];
}

const fixture = loadFixture<{
  linear: LinearCase[];
  modules: ModuleCase[];
  mse: LossCase[];
  crossEntropy: LossCase[];
  mlpStep: MlpStepCase[];
  stateDict: StateDictCase[];
}>('nn');

/** A module from its fixture spelling, [class name, ...constructor arguments]; Sequential nests. */
function build(spec: LayerSpec): nn.Module {
  const [kind, ...rest] = spec;
  switch (kind) {
    case 'Linear':
      return new nn.Linear(rest[0] as number, rest[1] as number, { bias: rest[2] !== false });
    case 'ReLU':
      return new nn.ReLU();
    case 'Sigmoid':
      return new nn.Sigmoid();
    case 'Tanh':
      return new nn.Tanh();
    case 'Flatten':
      return rest.length ? new nn.Flatten(rest[0] as number, rest[1] as number) : new nn.Flatten();
    case 'Dropout':
      return new nn.Dropout(rest[0] as number);
    case 'Sequential':
      return new nn.Sequential(...(rest as LayerSpec[]).map(build));
    default:
      throw new Error(`nn.json names an unknown layer ${kind}`);
  }
}

function loadInto(module: nn.Module, dict: Record<string, Encoded>): void {
  module.loadStateDict(Object.fromEntries(Object.entries(dict).map(([k, v]) => [k, fromEncoded(v)])));
}

function paramsByName(module: nn.Module): Map<string, Tensor> {
  return new Map(module.namedParameters());
}

describe('golden nn.Linear vs PyTorch', () => {
  for (const c of fixture.linear) {
    it(c.name, () => {
      const layer = new nn.Linear(c.inFeatures, c.outFeatures, { bias: c.bias });
      const params = paramsByName(layer);
      expect([...params.keys()]).toEqual(Object.keys(c.stateDict));
      // Set the recorded values through .data, as d2l does (`net[0].weight.data.copy_(...)`).
      for (const [name, value] of Object.entries(c.stateDict)) params.get(name)!.data.copy_(fromEncoded(value));
      const x = fromEncoded(c.x, true);
      const out = layer.forward(x);
      expectClose(out, c.out, 'output');
      out.backward(fromEncoded(c.g));
      expectClose(x.grad, c.xGrad, 'grad of input');
      for (const [name, want] of Object.entries(c.paramGrads)) expectClose(params.get(name)!.grad, want, `grad of ${name}`);
    });
  }
});

describe('golden activation and shape modules vs PyTorch', () => {
  for (const c of fixture.modules) {
    it(c.name, () => {
      const x = fromEncoded(c.x, true);
      const out = build([c.module, ...c.args]).forward(x);
      expectClose(out, c.out, 'output');
      out.backward(fromEncoded(c.g));
      expectClose(x.grad, c.xGrad, 'grad of input');
    });
  }
});

function lossTests(title: string, cases: LossCase[], make: (reduction: LossCase['reduction']) => nn.Module): void {
  describe(title, () => {
    for (const c of cases) {
      it(c.name, () => {
        const input = fromEncoded(c.input, true);
        const out = make(c.reduction).forward(input, fromEncoded(c.target));
        expectClose(out, c.out, 'loss');
        if (c.g) out.backward(fromEncoded(c.g));
        else out.backward();
        expectClose(input.grad, c.inputGrad, 'grad of input');
      });
    }
  });
}

lossTests('golden MSELoss vs PyTorch', fixture.mse, (reduction) => new nn.MSELoss({ reduction }));
lossTests('golden CrossEntropyLoss vs PyTorch', fixture.crossEntropy, (reduction) => new nn.CrossEntropyLoss({ reduction }));

describe('golden MLP training step vs PyTorch', () => {
  for (const c of fixture.mlpStep) {
    it(c.name, () => {
      const model = new nn.Sequential(new nn.Linear(6, 8), new nn.ReLU(), new nn.Linear(8, 4));
      loadInto(model, c.before);
      const opt = new optim.SGD(model.parameters(), { lr: c.lr });
      const logits = model.forward(fromEncoded(c.x));
      expectClose(logits, c.logits, 'logits');
      const loss = new nn.CrossEntropyLoss().forward(logits, fromEncoded(c.y));
      expectClose(loss, c.loss, 'loss');
      opt.zeroGrad();
      loss.backward();
      const params = paramsByName(model);
      for (const [name, want] of Object.entries(c.grads)) expectClose(params.get(name)?.grad, want, `grad of ${name}`);
      opt.step();
      const after = model.stateDict();
      expect(Object.keys(after)).toEqual(Object.keys(c.after));
      for (const [name, want] of Object.entries(c.after)) expectClose(after[name], want, `${name} after the step`);
    });
  }
});

describe('golden state_dict keys and shapes vs PyTorch', () => {
  for (const c of fixture.stateDict) {
    it(c.name, () => {
      const model = build(['Sequential', ...c.layers]);
      const keys = Object.entries(model.stateDict()).map(([k, v]) => [k, [...v.shape]]);
      expect(keys).toEqual(c.keys);
      // These models hold no buffers, so parameters and state_dict share names and order.
      expect(model.namedParameters().map(([k]) => k)).toEqual(c.keys.map(([k]) => k));
    });
  }
});

// The edges where the engine promises PyTorch 1.13's exact behaviour (issue 20), case by case
// against fixtures/edges.json (record_edges.py): each case here is the engine spelling of the
// PyTorch case with the same name, returning the same record of tensors, messages and flags.
import { describe, expect, it } from 'vitest';
import { arange, Generator, manualSeed, nn, ones, optim, Tensor, tensor, zeros } from '../../src/main/engine';
import type { Encoded } from './engine-diff/cases.mjs';
import { closeTo, encode } from './engine-diff/interpret';
import { loadFixture } from './golden-helpers';

type Recorded = Encoded | string | boolean | number | number[] | null;
type Record_ = Record<string, Recorded>;

const fixture = loadFixture<{ cases: { name: string; torch: Record_ }[] }>('edges');

const F = nn.functional;
const t = (v: number | number[] | number[][], requiresGrad = false): Tensor => tensor(v, { requiresGrad });

function raises(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

const sgdStep = (opts: optim.SGDOptions): Tensor => {
  const p = t([1, -2, 0.5], true);
  const opt = new optim.SGD([p], opts);
  p.sub(t([0.5, 0.5, 0.5])).pow(2).sum().backward();
  opt.step();
  return p;
};

function adamRun(opts: optim.AdamOptions, steps = 3): Record_ {
  const p = t([1, -2, 0.5], true);
  const opt = new optim.Adam([p], opts);
  const out: Record_ = {};
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    p.sub(t([0.5, 0.5, 0.5])).pow(2).sum().backward();
    opt.step();
    out[`step ${s + 1}`] = encode(p);
  }
  return out;
}

const LOGITS = [[1.0, -0.5, 2.0, 0.25], [-1.5, 0.5, 0.0, 1.0], [0.75, 0.75, -2.0, 0.5]];
const LABELS = [2, 0, 3];
const PROBS = [[0.1, 0.2, 0.3, 0.4], [0.0, 0.0, 1.0, 0.0], [0.25, 0.25, 0.25, 0.25]];

function ceCase(target: number[] | number[][], labelSmoothing: number, reduction: 'mean' | 'sum' | 'none', targetGrad = false, inputGrad = true): Record_ {
  const x = t(LOGITS, inputGrad);
  const tt = t(target, targetGrad);
  const out = new nn.CrossEntropyLoss({ reduction, labelSmoothing }).forward(x, tt);
  const res: Record_ = { out: encode(out), requiresGrad: out.requiresGrad };
  if (out.requiresGrad) {
    (reduction === 'none' ? out.mul(t([1, -2, 0.5])) : out.mul(1.5)).sum().backward();
    res.inputGrad = inputGrad ? encode(x.grad!) : null;
    res.targetGrad = targetGrad ? encode(tt.grad!) : null;
  }
  return res;
}

function gradOf(fn: (...xs: Tensor[]) => Tensor, inputs: number[][] | number[][][], g?: number[]): Record_ {
  const xs = inputs.map((v) => t(v as number[], true));
  const out = fn(...xs);
  out.backward(g === undefined ? ones(out.shape.slice()) : t(g));
  const res: Record_ = { out: encode(out) };
  xs.forEach((x, i) => { res[`grad${i}`] = encode(x.grad!); });
  return res;
}

const nan = NaN, inf = Infinity;

const cases: Record<string, () => Record_> = {
  '1 dropout: F.dropout(x) drops with p = 0.5 in training mode by default': () => {
    manualSeed(0);
    const y = F.dropout(ones([20000]));
    const values = [...new Set(y.values)].sort((a, b) => a - b);
    return { values: encode(t(values)), 'zeroShare~': y.eq(0).mean().item() };
  },
  '1 dropout: F.dropout(x, 0.5, training=False) is the identity': () => ({ out: encode(F.dropout(t([[1.5, -2], [0.25, 3]]), 0.5, false)) }),
  '1 options: SGD weight_decay (weightDecay) decays': () => ({ after: encode(sgdStep({ lr: 0.1, weightDecay: 10 })) }),
  '1 options: Adam maximize ascends': () => adamRun({ lr: 0.1, maximize: true }),
  '1 options: Adam maximize with weight decay and amsgrad': () => adamRun({ lr: 0.05, maximize: true, weightDecay: 0.5, amsgrad: true }),
  '1 options: label_smoothing above 1 is refused': () => ({ error: raises(() => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 })) }),
  '2 keepdim on 0-d: sum, mean, max, min, argmax, logsumexp stay 0-d': () => {
    const s = t(3);
    return {
      'sum(0, True)': encode(s.sum(0, true)), 'mean(-1, True)': encode(s.mean(-1, true)),
      'max(0, True).values': encode(s.max(0, true).values), 'max(0, True).indices': encode(s.max(0, true).indices),
      'min(-1, True).values': encode(s.min(-1, true).values), 'argmax(0, True)': encode(s.argmax(0, true)),
      'logsumexp(0, True)': encode(s.logsumexp(0, true)), 'sum([0], True)': encode(s.sum([0], true)),
    };
  },
  '3 empty: reducing a non-empty dim of an empty tensor gives an empty result': () => {
    const a = zeros([0, 3]), b = zeros([2, 0]);
    return {
      'zeros(0, 3).max(1).values': encode(a.max(1).values), 'zeros(0, 3).max(1).indices': encode(a.max(1).indices),
      'zeros(2, 0).min(0).values': encode(b.min(0).values), 'zeros(0, 3).argmax(1)': encode(a.argmax(1)),
      'zeros(2, 0).sum(1)': encode(b.sum(1)), 'zeros(2, 0).mean(1)': encode(b.mean(1)),
      'zeros(2, 0).logsumexp(1)': encode(b.logsumexp(1)), 'zeros(0, 3).sum(0)': encode(a.sum(0)),
      'zeros(0, 3).mean()': encode(a.mean()),
    };
  },
  '3 empty: reducing the empty dim itself raises': () => {
    const b = zeros([2, 0]);
    return {
      'max(1)': raises(() => b.max(1)), 'min(-1)': raises(() => b.min(-1)), 'argmax(1)': raises(() => b.argmax(1)),
      'max()': raises(() => b.max()), 'argmax()': raises(() => b.argmax()),
    };
  },
  '4 linear: F.linear with in_features 0 repeats the bias per row': () => {
    const x = zeros([3, 0], { requiresGrad: true }), w = zeros([2, 0], { requiresGrad: true }), b = t([0.5, -1.5], true);
    const out = F.linear(x, w, b);
    out.backward(t([[1, 2], [3, 4], [5, 6]]));
    return { out: encode(out), xGrad: encode(x.grad!), wGrad: encode(w.grad!), bGrad: encode(b.grad!) };
  },
  '4 linear: nn.Linear(0, 2) on a (2, 3, 0) batch, and Sequential(Linear(0, 2), ReLU)': () => {
    const lin = new nn.Linear(0, 2, { rng: new Generator(1) });
    lin.bias.data.copy_(t([0.5, -1.5]));
    const x = zeros([2, 3, 0]);
    const seq = new nn.Sequential(lin, new nn.ReLU());
    const out = seq.forward(x);
    out.sum().backward();
    return { linear: encode(lin.forward(x)), sequential: encode(out), biasGrad: encode(lin.bias.grad!), defaultBias: encode(new nn.Linear(0, 3).bias) };
  },
  '5 cross-entropy: the output requires grad when only the target does': () => ceCase(PROBS, 0, 'mean', true, false),
  '6 refused: repeated dims in a reduction': () => {
    const x = zeros([2, 3]);
    return { 'sum([1, -1])': raises(() => x.sum([1, -1])), 'mean([0, -2])': raises(() => x.mean([0, -2])) };
  },
  '6 refused: view() of a transposed, permuted or expanded tensor that spans two chunks': () => {
    const x = arange(12).reshape(3, 4);
    return {
      'T.view(12)': raises(() => x.T.view(12)),
      'permute(1, 0).view(-1)': raises(() => x.permute(1, 0).view(-1)),
      'expand(3, 4).view(12)': raises(() => arange(4).expand(3, 4).view(12)),
      'transpose(0, 2).view(24)': raises(() => zeros([2, 3, 4]).transpose(0, 2).view(24)),
      'T.exp().view(12)': raises(() => x.T.exp().view(12)),
      'T.view(2, 2, 3)': encode(x.T.view(2, 2, 3)), 'T.view(2, 2, 3).stride': x.T.view(2, 2, 3).stride().slice(),
      'T.reshape(12)': encode(x.T.reshape(12)), 'T.contiguous().view(12)': encode(x.T.contiguous().view(12)),
      'T.isContiguous': x.T.isContiguous(), 'T.stride': x.T.stride().slice(),
      'expand(3, 4).view(3, 2, 2)': encode(arange(4).expand(3, 4).view(3, 2, 2)),
    };
  },
  '6 refused: negative indices in index_select and gather': () => {
    const x = arange(12).reshape(3, 4);
    return {
      'indexSelect(0, [-1])': raises(() => x.indexSelect(0, [-1])),
      'indexSelect(1, [4])': raises(() => x.indexSelect(1, [4])),
      'gather(1, -1)': raises(() => x.gather(1, t([[-1], [0], [0]]))),
      'gather(0, 3)': raises(() => x.gather(0, t([[3, 0, 0, 0]]))),
    };
  },
  '6 refused: transpose / squeeze of a 0-d tensor with dim 1': () => {
    const s = t(3);
    return {
      'transpose(0, 1)': raises(() => s.transpose(0, 1)), 'squeeze(1)': raises(() => s.squeeze(1)),
      'transpose(0, -1)': encode(s.transpose(0, -1)), 'squeeze(0)': encode(s.squeeze(0)),
    };
  },
  '7 non-finite: log(abs(x)) at 0 and NaN has a NaN gradient': () => gradOf((x) => x.abs().log(), [[0, nan, -2, 1]]),
  '7 non-finite: abs backward at 0 passes g·0': () => gradOf((x) => x.abs(), [[0, -0, 3]], [inf, nan, 1]),
  "7 non-finite: pow's exponent gradient at base 0 is g·0": () => gradOf((x, e) => x.pow(e).log(), [[0, 0, 1], [0, 2, 1]]),
  '7 non-finite: maximum with NaN sends the gradient to both sides': () => gradOf((a, b) => a.maximum(b), [[1, nan, 2, 3], [nan, 1, 2, 1]]),
  '7 non-finite: minimum with NaN sends the gradient to both sides': () => gradOf((a, b) => a.minimum(b), [[1, nan, 2, 3], [nan, 1, 2, 1]]),
  '7 non-finite: max() of [1, NaN, 2] sends the gradient to the NaN': () => gradOf((x) => x.max(), [[1, nan, 2]]),
  '7 non-finite: min() of [NaN, 1, NaN] shares it among the NaNs': () => gradOf((x) => x.min(), [[nan, 1, nan]]),
  '7 non-finite: max(0) of [2, NaN, NaN] picks the first NaN': () => gradOf((x) => x.max(0).values, [[2, nan, nan]]),
  '7 non-finite: pow with base 1 and exponent inf or NaN is 1': () => gradOf((x, e) => x.pow(e), [[1, 1, -1], [inf, nan, -inf]]),
  '8 closed: max(dim) and min(dim) return values and indices': () => {
    const x = t([[1, 5, 3], [4, 2, 6]]);
    const mx = x.max(1);
    const [mnValues, mnIndices] = x.min(0, true);
    return { 'max.values': encode(mx.values), 'max.indices': encode(mx.indices), 'min.values': encode(mnValues), 'min.indices': encode(mnIndices) };
  },
  '8 closed: .T of a 3-D tensor reverses its dims': () => {
    const x = arange(24).reshape(2, 3, 4);
    return { T: encode(x.T), stride: x.T.stride().slice() };
  },
  '8 closed: a second backward through a released graph raises; retain_graph keeps it': () => {
    const x = t([1, 2], true);
    const y = x.mul(x).sum();
    y.backward();
    const error = raises(() => y.backward());
    const z = x.exp().sum();
    z.backward({ retainGraph: true });
    z.backward();
    const w = t([1, 2], true);
    const s = w.add(1).sum();
    s.backward();
    s.backward();
    return { error, 'grad after retain': encode(x.grad!), 'no saved tensors': encode(w.grad!) };
  },
  '8 closed: zero_grad(set_to_none=False) keeps zero gradients that weight decay then uses': () => {
    const res: Record_ = {};
    for (const setToNone of [false, true]) {
      const a = t([1, -1], true), b = t([2], true);
      const opt = new optim.SGD([a, b], { lr: 0.1, weightDecay: 0.5, momentum: 0.9 });
      for (let step = 0; step < 3; step++) {
        opt.zeroGrad(setToNone);
        const loss = step === 0 ? a.mul(a).sum().add(b.mul(b).sum()) : a.mul(a).sum();
        loss.backward();
        opt.step();
      }
      const tag = setToNone ? 'True' : 'False';
      res[`a (setToNone ${tag})`] = encode(a);
      res[`b (setToNone ${tag})`] = encode(b);
      res[`b.grad is None (setToNone ${tag})`] = b.grad === null;
    }
    return res;
  },
};

for (const r of ['mean', 'sum', 'none'] as const) {
  cases[`1 options: CrossEntropyLoss label_smoothing=0.1, class indices, ${r}`] = () => ceCase(LABELS, 0.1, r);
  cases[`1 options: CrossEntropyLoss label_smoothing=0.3, probabilities, ${r}`] = () => ceCase(PROBS, 0.3, r);
  cases[`5 cross-entropy: probability targets get a gradient (${r})`] = () => ceCase(PROBS, 0, r, true);
}
for (const [name, values] of [['[1, inf, 2]', [1, inf, 2]], ['[-inf, -inf]', [-inf, -inf]], ['[nan, 1]', [nan, 1]], ['[-inf, 1]', [-inf, 1]], ['[inf, -inf]', [inf, -inf]]] as const) {
  cases[`7 non-finite: logsumexp of ${name}`] = () => gradOf((x) => x.logsumexp(1), [[[...values]]]);
}

function isEncoded(v: Recorded): v is Encoded {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every way `got` differs from PyTorch's record (tensors within tolerance, messages contained). */
function differences(got: Record_, want: Record_): string[] {
  const problems: string[] = [];
  const keys = new Set([...Object.keys(want), ...Object.keys(got)]);
  for (const key of keys) {
    const w = want[key], g = got[key];
    if (!(key in got)) problems.push(`${key}: missing`);
    else if (!(key in want)) problems.push(`${key}: not in the fixture`);
    else if (isEncoded(w)) {
      if (isEncoded(g)) closeTo(g, w, key, { rel: 1e-5, abs: 1e-6 }, problems);
      else problems.push(`${key}: ${JSON.stringify(g)} where PyTorch gives a tensor`);
    } else if (typeof w === 'string') {
      if (typeof g !== 'string' || !g.includes(w)) problems.push(`${key}: "${String(g)}" does not contain PyTorch's "${w}"`);
    } else if (key.endsWith('~')) {
      if (typeof g !== 'number' || Math.abs(g - (w as number)) > 0.02) problems.push(`${key}: ${String(g)} vs PyTorch ${String(w)}`);
    } else if (JSON.stringify(g) !== JSON.stringify(w)) problems.push(`${key}: ${JSON.stringify(g)} vs PyTorch ${JSON.stringify(w)}`);
  }
  return problems;
}

describe('issue-20 edges vs PyTorch 1.13', () => {
  it('has an engine case for every recorded case and no others', () => {
    expect(Object.keys(cases).sort()).toEqual(fixture.cases.map((c) => c.name).sort());
  });
  for (const c of fixture.cases) {
    it(c.name, () => {
      const run = cases[c.name];
      if (!run) throw new Error(`no engine case named "${c.name}"`);
      expect(differences(run(), c.torch)).toEqual([]);
    });
  }
});

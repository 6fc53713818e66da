// Runs a differential case (cases.mjs) on the engine and compares the outcome with PyTorch's
// (record_diff.py): the same op names, the same arguments, the engine spelling throughout.
import { cat, nn, optim, stack, Tensor, tensor } from '../../../src/main/engine';
import type { Arg, Case, ChainCase, Encoded, NodeResult, OptimCase, Outcome, RaisedError, Value } from './cases.mjs';

const UNARY = new Set(['neg', 'exp', 'log', 'sqrt', 'abs', 'relu', 'sigmoid', 'tanh', 'square', 'contiguous', 'clone']);
const BINARY = new Set(['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'eq', 'ne', 'lt', 'le', 'gt', 'ge']);

function decode(v: Value): number {
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
}

export function encode(t: Tensor): Encoded {
  return { shape: t.shape.slice(), data: Array.from(t.values, (v) => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : v)) };
}

function leaf(e: Encoded, grad: boolean): Tensor {
  return tensor(Float32Array.from(e.data, decode), { shape: e.shape, requiresGrad: grad });
}

function raised(e: unknown, at?: number): RaisedError {
  const err = e instanceof Error ? e : new Error(String(e));
  return at === undefined ? { type: err.name, message: err.message } : { type: err.name, message: err.message, at };
}

type Method = (...args: unknown[]) => unknown;

function call(x: Tensor, name: string, args: unknown[]): Tensor {
  const m = (x as unknown as Record<string, unknown>)[name];
  if (typeof m !== 'function') throw new Error(`interpreter: Tensor has no method ${name}`);
  return (m as Method).apply(x, args) as Tensor;
}

function step(node: Extract<ChainCase['nodes'][number], { op: string }>, vals: Tensor[]): Tensor {
  const { op, args } = node;
  const x = node.self === undefined ? null : vals[node.self];
  const arg = (a: Arg): unknown => {
    if (a !== null && typeof a === 'object' && !Array.isArray(a)) {
      if ('node' in a) return vals[a.node];
      if ('index' in a) return tensor(Float32Array.from(a.index.data), { shape: a.index.shape });
    }
    return a;
  };
  const self = (): Tensor => {
    if (x === null) throw new Error(`interpreter: ${op} needs a tensor`);
    return x;
  };
  if (UNARY.has(op)) return call(self(), op, []);
  if (BINARY.has(op)) return call(self(), op, [arg(args[0])]);
  switch (op) {
    case 'clamp': return self().clamp(args[0] as number | null, args[1] as number | null);
    case 'dropout': return nn.functional.dropout(self(), args[0] as number, args[1] as boolean);
    case 'sum': case 'mean': case 'argmax': case 'logsumexp': case 'softmax': case 'logSoftmax': case 'transpose':
    case 'unsqueeze': case 'squeeze': case 'flatten': case 'reshape': case 'view': case 'permute': case 'expand':
      return call(self(), op, args);
    case 'max': case 'min': {
      if (args.length === 0) return call(self(), op, []);
      return (call(self(), op, args) as unknown as { values: Tensor }).values;
    }
    case 'max.indices': case 'min.indices':
      return (call(self(), op.split('.')[0], args) as unknown as { indices: Tensor }).indices;
    case 'T': return self().T;
    case 'indexSelect': return self().indexSelect(args[0] as number, arg(args[1]) as Tensor);
    case 'gather': return self().gather(args[0] as number, arg(args[1]) as Tensor);
    case 'matmul': return self().matmul(arg(args[0]) as Tensor);
    case 'cat': case 'stack': {
      const ts = (args[0] as { nodes: number[] }).nodes.map((k) => vals[k]);
      return op === 'cat' ? cat(ts, args[1] as number) : stack(ts, args[1] as number);
    }
    case 'linear': return nn.functional.linear(arg(args[0]) as Tensor, arg(args[1]) as Tensor, arg(args[2]) as Tensor | null);
    case 'seqLinearRelu': {
      // Through Sequential(Linear, ReLU), the fused node, with the case's tensors as the parameters.
      const w = arg(args[1]) as Tensor;
      const b = arg(args[2]) as Tensor | null;
      const lin = new nn.Linear(w.shape[1], w.shape[0], { bias: b !== null });
      lin.weight = w;
      if (b !== null) (lin as nn.Linear<true>).bias = b;
      return new nn.Sequential(lin, new nn.ReLU()).forward(arg(args[0]) as Tensor);
    }
    case 'conv2d':
      return nn.functional.conv2d(arg(args[0]) as Tensor, arg(args[1]) as Tensor, arg(args[2]) as Tensor | null, args[3] as nn.IntPair, args[4] as nn.IntPair);
    case 'seqConvAct': {
      // Through Sequential(Conv2d, Sigmoid | ReLU), the fused node, with the case's tensors as the parameters.
      const w = arg(args[1]) as Tensor;
      const b = arg(args[2]) as Tensor | null;
      const conv = new nn.Conv2d(w.shape[1], w.shape[0], [w.shape[2], w.shape[3]], { bias: b !== null, stride: args[3] as nn.IntPair, padding: args[4] as nn.IntPair });
      conv.weight = w;
      if (b !== null) (conv as nn.Conv2d<true>).bias = b;
      return new nn.Sequential(conv, args[5] === 'relu' ? new nn.ReLU() : new nn.Sigmoid()).forward(arg(args[0]) as Tensor);
    }
    case 'maxPool2d': return nn.functional.maxPool2d(self(), args[0] as nn.IntPair, { stride: args[1] as nn.IntPair | null, padding: args[2] as nn.IntPair });
    case 'avgPool2d':
      return nn.functional.avgPool2d(self(), args[0] as nn.IntPair, { stride: args[1] as nn.IntPair | null, padding: args[2] as nn.IntPair, countIncludePad: args[3] as boolean });
    case 'mseLoss': return nn.functional.mseLoss(self(), arg(args[0]) as Tensor, args[1] as 'mean' | 'sum' | 'none');
    case 'crossEntropy':
      return nn.functional.crossEntropy(arg(args[0]) as Tensor, arg(args[1]) as Tensor,
        { reduction: args[2] as 'mean' | 'sum' | 'none', labelSmoothing: args[3] as number });
    default: throw new Error(`interpreter: unknown op ${op}`);
  }
}

function runChain(c: ChainCase): Outcome {
  const vals: Tensor[] = [];
  const leaves: (Tensor | null)[] = [];
  const res: Outcome = { nodes: [] };
  for (let i = 0; i < c.nodes.length; i++) {
    const node = c.nodes[i];
    if ('leaf' in node) {
      const t = leaf(node.leaf, node.leaf.grad);
      vals.push(t);
      leaves.push(node.leaf.grad ? t : null);
      res.nodes!.push(null);
      continue;
    }
    let out: Tensor;
    try {
      out = step(node, vals);
    } catch (e) {
      res.error = raised(e, i);
      return res;
    }
    vals.push(out);
    leaves.push(null);
    res.nodes!.push({ ...encode(out), strides: out.stride().slice(), rg: out.requiresGrad });
  }
  const b = c.backward;
  if (b === undefined) return res;
  const root = vals[b.node];
  const g = leaf({ shape: root.shape.slice(), data: b.g }, false);
  const grads = (): (Encoded | null)[] => leaves.map((t) => (t !== null && t.grad !== null ? encode(t.grad) : null));
  try {
    root.backward(g, { retainGraph: b.retain });
  } catch (e) {
    res.backwardError = raised(e);
    return res;
  }
  res.grads = grads();
  if (b.twice) {
    try {
      root.backward(g);
      res.grads2 = grads();
    } catch (e) {
      res.secondError = raised(e);
    }
  }
  return res;
}

function runOptim(c: OptimCase): Outcome {
  const params = c.params.map((p) => leaf(p, true));
  const targets = c.targets.map((t) => leaf(t, false));
  let opt: optim.Optimizer;
  try {
    opt = c.optimizer === 'SGD'
      ? new optim.SGD(params, c.options as unknown as optim.SGDOptions)
      : new optim.Adam(params, c.options as unknown as optim.AdamOptions);
  } catch (e) {
    return { error: raised(e) };
  }
  const trajectory: Encoded[][] = [];
  for (const mask of c.masks) {
    opt.zeroGrad(c.setToNone);
    let loss: Tensor | null = null;
    params.forEach((p, i) => {
      if (!mask[i]) return;
      const term = p.sub(targets[i]).pow(2).sum();
      loss = loss === null ? term : loss.add(term);
    });
    if (loss !== null) (loss as Tensor).backward();
    opt.step();
    trajectory.push(params.map(encode));
  }
  return { trajectory };
}

export function runCase(c: Case): Outcome {
  return c.kind === 'chain' ? runChain(c) : runOptim(c);
}

/**
 * PyTorch messages the engine promises to repeat word for word (issue 20); any other error only
 * has to be raised by both.
 */
const PINNED = [
  /^Dimension out of range/, /^view size is not compatible/, /appears multiple times in the list of dims/,
  /^index out of range in self/, /^index -?\d+ is out of bounds for dimension \d+ with size \d+/,
  /^INDICES element is out of DATA bounds/, /self indexing axis dim should be positive/,
  /Expected reduction dim/, /^Trying to backward through the graph a second time/,
  /^Dimension specified as \d+ but tensor has no dimensions/, /^label_smoothing must be between/,
  /^dropout probability has to be between 0 and 1/, /^unsupported operation: more than one element/,
  // Convolution and pooling (issue 19).
  /^Given groups=1/, /^Given weight of size/, /^Calculated padded input size/, /^Expected 3D \(unbatched\)/,
  /^non-positive stride/, /^negative padding/, /^pad should be at most half/, /^Given input size:/,
  /^non-empty 3D or 4D/, /^Expected 3D or 4D \(batch mode\)/, /^kernel size should be greater than zero/,
  /^stride should (not be zero|be greater than zero)/, /^pad must be non-negative/, /^Only zero batch or zero channel inputs/,
];

export interface Tolerance {
  rel: number;
  abs: number;
}

export const VALUE_TOL: Tolerance = { rel: 1e-4, abs: 1e-5 };

/** Both NaN, the same infinity, or within abs·max(1, max |want|) + rel·|want|. */
export function closeTo(got: Encoded, want: Encoded, what: string, tol: Tolerance, problems: string[]): void {
  if (got.shape.length !== want.shape.length || got.shape.some((s, i) => s !== want.shape[i])) {
    problems.push(`${what}: shape (${got.shape.join(', ')}) but PyTorch (${want.shape.join(', ')})`);
    return;
  }
  const w = want.data.map(decode);
  const gv = got.data.map(decode);
  let scale = 1;
  for (const v of w) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < w.length; i++) {
    const a = gv[i], b = w[i];
    const ok = Number.isNaN(b) ? Number.isNaN(a) : !Number.isFinite(b) ? a === b
      : Number.isFinite(a) && Math.abs(a - b) <= tol.abs * scale + tol.rel * Math.abs(b);
    if (!ok) {
      count++;
      if (bad.length < 4) bad.push(`[${i}] ${a} vs ${b}`);
    }
  }
  if (count > 0) problems.push(`${what}: ${count} of ${w.length} values differ (engine vs PyTorch): ${bad.join('; ')}`);
}

function sameError(got: RaisedError | undefined, want: RaisedError | undefined, what: string, problems: string[]): void {
  if (want === undefined && got === undefined) return;
  if (want === undefined) {
    problems.push(`${what}: the engine raised "${got!.message}" where PyTorch did not`);
    return;
  }
  if (got === undefined) {
    problems.push(`${what}: PyTorch raised ${want.type} "${want.message}" where the engine did not`);
    return;
  }
  if (want.at !== undefined && got.at !== want.at) {
    problems.push(`${what}: the engine raised at node ${got.at} ("${got.message}"), PyTorch at node ${want.at} ("${want.message}")`);
    return;
  }
  // Which of several bad indices gets reported depends on the loop order: only the wording counts.
  const anyIndex = (m: string): string => m.replace(/index -?\d+ is out of bounds/, 'index … is out of bounds');
  if (PINNED.some((re) => re.test(want.message)) && !anyIndex(got.message).includes(anyIndex(want.message))) {
    problems.push(`${what}: the engine's message "${got.message}" does not contain PyTorch's "${want.message}"`);
  }
}

function sameGrads(got: (Encoded | null)[] | undefined, want: (Encoded | null)[] | undefined, what: string, problems: string[]): void {
  if (want === undefined) return;
  if (got === undefined) {
    problems.push(`${what}: missing`);
    return;
  }
  want.forEach((w, i) => {
    const gi = got[i];
    if ((w === null) !== (gi === null)) problems.push(`${what} of node ${i}: ${gi === null ? 'none' : 'a gradient'} but PyTorch has ${w === null ? 'none' : 'one'}`);
    else if (w !== null && gi !== null) closeTo(gi, w, `${what} of node ${i}`, { rel: 1e-3, abs: 1e-4 }, problems);
  });
}

/** Strides PyTorch would give, compared where they mean something: non-empty tensors, dims longer than 1. */
function sameStrides(got: NodeResult, want: NodeResult, what: string, problems: string[]): void {
  if (want.shape.some((s) => s === 0)) return;
  const differ = want.shape.some((s, i) => s > 1 && got.strides[i] !== want.strides[i]);
  if (differ) problems.push(`${what}: strides (${got.strides.join(', ')}) but PyTorch (${want.strides.join(', ')}) for shape (${want.shape.join(', ')})`);
}

/** Every difference between the engine's outcome and PyTorch's, as readable lines (empty: they agree). */
export function compareOutcomes(c: Case, got: Outcome, want: Outcome): string[] {
  const problems: string[] = [];
  sameError(got.error, want.error, 'error', problems);
  if (c.kind === 'optim') {
    if (want.trajectory && got.trajectory) {
      want.trajectory.forEach((ps, s) => ps.forEach((p, i) => closeTo(got.trajectory![s][i], p, `step ${s + 1}, parameter ${i}`, { rel: 1e-4, abs: 1e-5 }, problems)));
    }
    return problems;
  }
  if (want.error !== undefined || got.error !== undefined) return problems;
  want.nodes!.forEach((w, i) => {
    const gi = got.nodes![i];
    if (w === null || gi === null) return;
    const node = c.nodes[i] as { op: string };
    const what = `node ${i} (${node.op})`;
    closeTo(gi, w, what, VALUE_TOL, problems);
    if (gi.rg !== w.rg) problems.push(`${what}: requiresGrad ${gi.rg} but PyTorch ${w.rg}`);
    sameStrides(gi, w, what, problems);
  });
  sameError(got.backwardError, want.backwardError, 'backward', problems);
  sameGrads(got.grads, want.grads, 'grad', problems);
  sameError(got.secondError, want.secondError, 'second backward', problems);
  sameGrads(got.grads2, want.grads2, 'grad after the second backward', problems);
  return problems;
}

/** A case and its problems as one readable block for a failure message. */
export function describeFailure(c: Case, problems: string[]): string {
  return `case ${c.id}: ${problems.join('\n  ')}\n  ${JSON.stringify(c)}`;
}

#!/usr/bin/env node
// Differential cases for the engine against PyTorch 1.13, generated with fast-check.
//
// A case is plain JSON that both interpreters read: engine-diff/interpret.ts runs it on the engine,
// record_diff.py on PyTorch. Kinds:
//   chain  random op chains over tensors of rank 0–4 (broadcasting, empty dims, negative dims,
//          non-finite values, views of transposed/expanded tensors), then one backward pass
//          (sometimes twice, to probe the released graph); some steps are deliberate error probes.
//   optim  SGD/Adam runs of a few steps on a quadratic loss, including invalid hyperparameters.
// Plain JavaScript so that record_diff.py can run it with `node` (no TypeScript loader needed);
// types in cases.d.mts. Usage: node test/golden/engine-diff/cases.mjs --seed N --count K
import fc from 'fast-check';

const UNARY = ['neg', 'exp', 'log', 'sqrt', 'abs', 'relu', 'sigmoid', 'tanh', 'square'];
const BINARY = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'];
const COMPARE = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];

/**
 * Small helpers over fast-check's gen(): every draw goes through it, so a seed replays a case.
 * Unbiased draws: the edge cases (empty dims, bad dims, special values) have their own odds here.
 */
const uniformInt = (c) => fc.noBias(fc.integer(c));

function drawer(g) {
  const int = (min, max) => g(uniformInt, { min, max });
  const chance = (p) => int(0, 999) < p * 1000;
  const pick = (xs) => xs[int(0, xs.length - 1)];
  return { int, chance, pick };
}

const numel = (shape) => shape.reduce((a, b) => a * b, 1);

function randomShape(d, rank) {
  const shape = [];
  for (let i = 0; i < rank; i++) shape.push(d.chance(0.05) ? 0 : d.pick([1, 2, 3, 2, 3, 1]));
  return shape;
}

/** Values as JSON: finite numbers, or 'nan' / 'inf' / '-inf'. Multiples of 1/8 keep the corpus small and exact in float32. */
function randomData(d, n, style) {
  const out = [];
  for (let i = 0; i < n; i++) {
    if (style === 'special' && d.chance(0.2)) out.push(d.pick(['nan', 'inf', '-inf', 0, 0]));
    else if (style === 'ties') out.push(d.int(-2, 2));
    else out.push(d.int(-16, 16) / 8);
  }
  return out;
}

function positiveData(d, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(d.int(0, 8) / 8);
  return out;
}

function normDim(dim, rank) {
  const n = Math.max(rank, 1);
  return dim < 0 ? dim + n : dim;
}

/** A dim in range for `rank` (either sign), or with probability `bad` one just out of range. */
function dimFor(d, rank, bad = 0.03) {
  const n = Math.max(rank, 1);
  if (d.chance(bad)) return d.pick([n, -n - 1]);
  return d.int(-n, n - 1);
}

function shuffled(d, xs) {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = d.int(0, i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A shape with `n` elements and the given rank (0 elements: one dim is 0). */
function factorShape(d, n, rank) {
  if (rank === 0) return n === 1 ? [] : null;
  const shape = new Array(rank).fill(1);
  if (n === 0) {
    for (let i = 0; i < rank; i++) shape[i] = d.pick([1, 2, 3]);
    shape[d.int(0, rank - 1)] = 0;
    return shape;
  }
  let m = n;
  for (const p of [2, 3, 5, 7]) {
    while (m % p === 0) {
      shape[d.int(0, rank - 1)] *= p;
      m /= p;
    }
  }
  if (m !== 1) shape[d.int(0, rank - 1)] *= m;
  return shape;
}

/** Output shape of broadcasting a with b, or null when they do not broadcast. */
function broadcast(a, b) {
  const n = Math.max(a.length, b.length);
  const out = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** A shape that broadcasts against `shape` (some dims 1, fewer leading dims, or a larger result). */
function broadcastPartner(d, shape) {
  if (d.chance(0.03)) return shape.length === 0 ? [2] : shape.map((s) => s + 1); // probe: cannot broadcast
  let s = shape.slice();
  if (s.length > 0 && d.chance(0.3)) s = s.slice(d.int(0, s.length));
  s = s.map((v) => (d.chance(0.3) ? 1 : v));
  if (s.length < 4 && d.chance(0.2)) s.unshift(d.pick([1, 2]));
  return s;
}

const reduced = (shape, dim, keepdim) => {
  if (shape.length === 0) return [];
  const out = shape.slice();
  if (keepdim) out[dim] = 1;
  else out.splice(dim, 1);
  return out;
};

/** [h, w] from an int or a list of one or two ints (PyTorch's forms). */
const pairOf = (v) => (typeof v === 'number' ? [v, v] : v.length === 1 ? [v[0], v[0]] : v);

/** ⌊(size + 2·pad − kernel) / stride⌋ + 1, as PyTorch's div_rtn rounds. */
const windows = (size, kernel, pad, stride) => Math.floor((size + 2 * pad - kernel) / stride) + 1;

/**
 * One conv2d / fused Conv2d+activation / max_pool2d / avg_pool2d step. The input is the chain's
 * tensor when it is 3-D or 4-D (it may be a transposed view, whose layout decides the result's),
 * else a fresh image batch; a few steps are deliberate probes (wrong channels, a kernel larger
 * than the input, padding over half the kernel).
 */
function convStep(d, self, shapes, grads, leaf, step, setFailed) {
  const rank = shapes[self].length;
  let x = self;
  if ((rank !== 3 && rank !== 4) || d.chance(0.3)) {
    const img = [d.pick([1, 2, 3]), d.int(1, 6), d.int(1, 6)];
    x = leaf(d.chance(0.8) ? [d.pick([1, 2, 2, 0]), ...img] : img);
  }
  const sh = shapes[x];
  const [C, H, W] = sh.slice(-3);
  const batched = sh.length === 4;
  const op = d.pick(['conv2d', 'conv2d', 'seqConvAct', 'maxPool2d', 'avgPool2d']);
  if (op === 'conv2d' || op === 'seqConvAct') {
    const O = d.int(1, 3), KH = d.int(1, 3), KW = d.int(1, 3);
    const Cw = d.chance(0.03) ? C + 1 : C; // probe: channels differ
    // Finite weights: with a NaN or ±∞ weight the engine multiplies the zero padding in (NaN) where
    // PyTorch's direct convolution skips it (a documented difference).
    const w = leaf([O, Cw, KH, KW], { data: randomData(d, O * Cw * KH * KW, 'plain') });
    const b = d.chance(0.7) ? leaf([O]) : null;
    const stride = d.pick([1, 1, 2, [1, 2], [2]]);
    const padding = d.pick([0, 0, 1, [1, 0], [2]]);
    const [sH, sW] = pairOf(stride), [pH, pW] = pairOf(padding);
    const bad = Cw !== C || H + 2 * pH < KH || W + 2 * pW < KW;
    setFailed(bad);
    const OH = bad ? 1 : windows(H, KH, pH, sH), OW = bad ? 1 : windows(W, KW, pW, sW);
    // PyTorch 1.13 gives an input without channels an empty result of 0 channels.
    const outC = C === 0 ? 0 : O;
    const out = batched ? [sh[0], outC, OH, OW] : [outC, OH, OW];
    const args = [{ node: x }, { node: w }, b === null ? null : { node: b }, stride, padding];
    if (op === 'seqConvAct') args.push(d.pick(['sigmoid', 'relu']));
    return step(op, undefined, args, out, grads[x] || grads[w] || (b !== null && grads[b]));
  }
  const k = d.pick([1, 2, 2, 3, [2, 3], [3, 1]]);
  const stride = d.pick([null, null, 1, 2, [1, 2]]);
  const [kH, kW] = pairOf(k);
  const padding = d.chance(0.04) ? kH : d.pick([0, 0, 1, [1, 0]]); // probe: more than half the kernel
  const [sH, sW] = stride === null ? [kH, kW] : pairOf(stride);
  const [pH, pW] = pairOf(padding);
  const OH = windows(H, kH, pH, sH), OW = windows(W, kW, pW, sW);
  setFailed(pH > Math.trunc(kH / 2) || pW > Math.trunc(kW / 2) || OH < 1 || OW < 1 || C === 0 || H === 0 || W === 0);
  const args = [k, stride, padding];
  if (op === 'avgPool2d') args.push(d.chance(0.7));
  return step(op, x, args, batched ? [sh[0], C, OH, OW] : [C, OH, OW], grads[x]);
}

/**
 * Builds one chain case. `nodes` holds leaves and op steps in order; a step's `self` and tensor
 * arguments refer to earlier nodes by index. Shapes are tracked so that most steps are valid;
 * a step known to fail ends the chain (the interpreters stop at the first error anyway).
 */
function chainCase(g) {
  const d = drawer(g);
  const style = d.chance(0.15) ? 'special' : d.chance(0.2) ? 'ties' : 'plain';
  const nodes = [];
  const shapes = [];
  const grads = [];
  const leaf = (shape, opts = {}) => {
    const data = opts.data ?? randomData(d, numel(shape), style);
    const grad = opts.grad ?? d.chance(0.8);
    nodes.push({ leaf: { shape, data, grad } });
    shapes.push(shape);
    grads.push(grad);
    return nodes.length - 1;
  };
  const step = (op, self, args, outShape, rg) => {
    nodes.push(self === undefined ? { op, args } : { op, self, args });
    shapes.push(outShape);
    grads.push(rg);
    return nodes.length - 1;
  };
  const index = (shape, values) => ({ index: { shape, data: values } });

  leaf(randomShape(d, d.int(0, 4)));
  const steps = d.int(1, 6);
  let failed = false;
  const relayouts = new Set(['T', 'transpose', 'permute', 'expand']);
  for (let k = 0; k < steps && !failed; k++) {
    const self = d.chance(0.65) ? nodes.length - 1 : d.int(0, nodes.length - 1);
    const shape = shapes[self];
    const rank = shape.length;
    const rg = grads[self];
    // After a transpose-like op, often try to view or reshape it: where PyTorch refuses view().
    const afterRelayout = relayouts.has(nodes[self].op) && d.chance(0.5);
    const kind = afterRelayout ? 46 : d.int(0, 109);
    if (kind < 16) {
      const op = d.pick(UNARY);
      step(op, self, [], shape, rg);
    } else if (kind < 20) {
      const op = d.pick(['clamp', 'pow', 'dropout']);
      if (op === 'clamp') {
        const lo = d.pick([-1, -0.5, 0, null]);
        const hi = d.pick([0.5, 1, null, lo === null ? 1 : null]);
        failed = lo === null && hi === null;
        step('clamp', self, [lo, hi], shape, rg);
      } else if (op === 'pow') {
        step('pow', self, [d.pick([2, 3, 0.5, -1, 0, -2, 1.5])], shape, rg);
      } else {
        // Only the deterministic dropouts: p = 0, p = 1, or not training.
        const [p, training] = d.pick([[0, true], [1, true], [0.5, false], [1, false]]);
        step('dropout', self, [p, training], shape, rg);
      }
    } else if (kind < 34) {
      const op = d.pick([...BINARY, ...COMPARE]);
      const compare = COMPARE.includes(op);
      if (op !== 'maximum' && op !== 'minimum' && d.chance(0.2)) {
        const v = d.pick([2, 0.5, -1, 0]);
        step(op, self, [v], shape, compare ? false : rg);
        continue;
      }
      let other;
      const same = shapes.findIndex((s, i) => i !== self && broadcast(s, shape) !== null);
      if (same >= 0 && d.chance(0.3)) other = same;
      else other = leaf(broadcastPartner(d, shape));
      const out = broadcast(shape, shapes[other]);
      if (out === null) failed = true;
      const swap = d.chance(0.3);
      const a = swap ? other : self, b = swap ? self : other;
      step(op, a, [{ node: b }], out ?? shape, compare ? false : grads[a] || grads[b]);
    } else if (kind < 46) {
      const op = d.pick(['sum', 'mean', 'max', 'min', 'max.indices', 'min.indices', 'argmax', 'logsumexp', 'softmax', 'logSoftmax']);
      if (op === 'softmax' || op === 'logSoftmax') {
        const dim = dimFor(d, rank);
        failed = normDim(dim, rank) >= Math.max(rank, 1) || normDim(dim, rank) < 0;
        step(op, self, [dim], shape, rg);
      } else if (op === 'logsumexp') {
        const dim = dimFor(d, rank);
        const keep = d.chance(0.5);
        const dn = normDim(dim, rank);
        failed = dn < 0 || dn >= Math.max(rank, 1);
        step(op, self, [dim, keep], failed ? shape : reduced(shape, dn, keep), rg);
      } else if ((op === 'sum' || op === 'mean') && d.chance(0.3) && rank > 0) {
        const dims = shuffled(d, shape.map((_, i) => i)).slice(0, d.int(1, rank)).map((i) => (d.chance(0.3) ? i - rank : i));
        if (d.chance(0.15)) dims.push(dims[0] < 0 ? dims[0] + rank : dims[0] - rank); // probe: repeated dim
        const keep = d.chance(0.4);
        const norm = dims.map((x) => normDim(x, rank));
        failed = new Set(norm).size !== norm.length;
        const out = keep ? shape.map((s, i) => (norm.includes(i) ? 1 : s)) : shape.filter((_, i) => !norm.includes(i));
        step(op, self, [dims, keep], out, rg);
      } else if (d.chance(0.25) && !op.includes('.')) {
        // Over everything; max/min/argmax of an empty tensor fail without a dim.
        failed = numel(shape) === 0 && op !== 'sum' && op !== 'mean';
        step(op, self, [], [], op === 'argmax' ? false : rg);
      } else {
        const dim = dimFor(d, rank);
        const keep = d.chance(0.4);
        const dn = normDim(dim, rank);
        failed = dn < 0 || dn >= Math.max(rank, 1) || (op !== 'sum' && op !== 'mean' && rank > 0 && shape[dn] === 0);
        const values = !op.includes('.') && op !== 'argmax';
        step(op, self, [dim, keep], failed ? shape : reduced(shape, dn, keep), values ? rg : false);
      }
    } else if (kind < 72) {
      const op = afterRelayout ? d.pick(['view', 'view', 'reshape', 'flatten', 'contiguous'])
        : d.pick(['reshape', 'view', 'view', 'transpose', 'permute', 'T', 'flatten', 'unsqueeze', 'squeeze', 'expand', 'contiguous', 'clone']);
      if (op === 'reshape' || op === 'view') {
        const n = numel(shape);
        let target = null;
        for (let tries = 0; target === null && tries < 4; tries++) target = factorShape(d, n, d.int(n === 1 ? 0 : 1, 4));
        if (target === null) target = [n];
        if (d.chance(0.03)) target = [...target, 2]; // probe: wrong number of elements
        const out = target.slice();
        const args = target.slice();
        if (n > 0 && args.length > 0 && d.chance(0.3)) args[d.int(0, args.length - 1)] = -1;
        if (numel(out) !== n) failed = true;
        step(op, self, args, out, rg);
      } else if (op === 'transpose') {
        const a = dimFor(d, rank, rank === 0 ? 0.3 : 0.03);
        const b = dimFor(d, rank, rank === 0 ? 0.3 : 0.03);
        const na = normDim(a, rank), nb = normDim(b, rank);
        const n = Math.max(rank, 1);
        failed = na < 0 || na >= n || nb < 0 || nb >= n;
        const out = shape.slice();
        if (!failed && rank > 0) [out[na], out[nb]] = [out[nb], out[na]];
        step(op, self, [a, b], out, rg);
      } else if (op === 'permute') {
        const perm = shuffled(d, shape.map((_, i) => i)).map((i) => (d.chance(0.3) ? i - rank : i));
        if (rank > 1 && d.chance(0.05)) perm[0] = perm[1]; // probe: repeated dim
        failed = new Set(perm.map((x) => normDim(x, rank))).size !== perm.length;
        step(op, self, perm, perm.map((x) => shape[normDim(x, rank)]), rg);
      } else if (op === 'T') {
        step(op, self, [], shape.slice().reverse(), rg);
      } else if (op === 'flatten') {
        if (rank === 0) {
          step(op, self, [], [1], rg);
          continue;
        }
        const a = d.int(0, rank - 1), b = d.int(a, rank - 1);
        const out = [...shape.slice(0, a), numel(shape.slice(a, b + 1)), ...shape.slice(b + 1)];
        step(op, self, [d.chance(0.3) ? a - rank : a, d.chance(0.3) ? b - rank : b], out, rg);
      } else if (op === 'unsqueeze') {
        if (rank === 4) {
          step('squeeze', self, [], shape.filter((s) => s !== 1), rg);
          continue;
        }
        const dim = d.int(-(rank + 1), rank);
        const out = shape.slice();
        out.splice(dim < 0 ? dim + rank + 1 : dim, 0, 1);
        step(op, self, [dim], out, rg);
      } else if (op === 'squeeze') {
        if (d.chance(0.4)) {
          step(op, self, [], shape.filter((s) => s !== 1), rg);
          continue;
        }
        const dim = dimFor(d, rank, rank === 0 ? 0.3 : 0.03);
        const dn = normDim(dim, rank);
        failed = dn < 0 || dn >= Math.max(rank, 1);
        const out = shape.slice();
        if (!failed && rank > 0 && shape[dn] === 1) out.splice(dn, 1);
        step(op, self, [dim], out, rg);
      } else if (op === 'expand') {
        const lead = rank >= 4 ? 0 : d.int(0, Math.min(2, 4 - rank));
        const sizes = [];
        for (let i = 0; i < lead; i++) sizes.push(d.pick([1, 2, 3]));
        for (const s of shape) sizes.push(s === 1 ? d.pick([1, 2, 3, -1]) : d.chance(0.3) ? -1 : s);
        if (rank > 0 && d.chance(0.03)) sizes[sizes.length - 1] = shape[rank - 1] + 2; // probe: cannot expand
        const out = sizes.map((s, i) => (s === -1 ? shape[i - lead] : s));
        failed = out.some((s, i) => i >= lead && shape[i - lead] !== 1 && s !== shape[i - lead]);
        step(op, self, sizes, out, rg);
      } else {
        step(op, self, [], shape, rg);
      }
    } else if (kind < 80) {
      if (rank === 0) {
        step('neg', self, [], shape, rg);
        continue;
      }
      const dim = d.int(-rank, rank - 1);
      const dn = normDim(dim, rank);
      const size = shape[dn];
      const value = () => (d.chance(0.05) ? d.pick([-1, size]) : d.int(0, Math.max(0, size - 1)));
      if (d.chance(0.5)) {
        const k = d.int(0, 3);
        const idx = [];
        for (let i = 0; i < k; i++) idx.push(value());
        failed = idx.some((v) => v < 0 || v >= size);
        const out = shape.slice();
        out[dn] = k;
        step('indexSelect', self, [dim, index([k], idx)], out, rg);
      } else {
        const ishape = shape.map((s, i) => (i === dn ? d.int(0, 3) : d.int(Math.min(1, s), s)));
        const idx = [];
        for (let i = 0; i < numel(ishape); i++) idx.push(value());
        failed = idx.some((v) => v < 0 || v >= size);
        step('gather', self, [dim, index(ishape, idx)], ishape, rg);
      }
    } else if (kind < 86) {
      // matmul against a fresh leaf whose shape fits (mostly).
      if (rank === 0) {
        failed = true;
        step('matmul', self, [{ node: leaf([2]) }], [], rg);
        continue;
      }
      const k2 = shape[rank - 1];
      const kk = d.chance(0.04) ? k2 + 1 : k2;
      const n = d.pick([1, 2, 3]);
      const form = d.int(0, 2);
      const otherShape = form === 0 ? [kk] : form === 1 ? [kk, n] : [d.pick([1, 2]), kk, n];
      const other = leaf(otherShape);
      failed = kk !== k2;
      let out;
      if (rank === 1 && otherShape.length === 1) out = [];
      else if (otherShape.length === 1) out = shape.slice(0, -1);
      else if (rank === 1) out = [...otherShape.slice(0, -2), n];
      else {
        const batch = broadcast(shape.slice(0, -2), otherShape.slice(0, -2));
        if (batch === null) failed = true;
        out = [...(batch ?? []), shape[rank - 2], n];
      }
      step('matmul', self, [{ node: other }], out, rg || grads[other]);
    } else if (kind < 90) {
      // cat / stack with fresh leaves shaped to fit.
      if (rank === 0) {
        step(d.pick(['cat', 'stack']), undefined, [{ nodes: [self] }, 0], [1], rg);
        failed = nodes[nodes.length - 1].op === 'cat';
        continue;
      }
      const isCat = d.chance(0.6);
      const dim = isCat ? d.int(-rank, rank - 1) : d.int(-(rank + 1), rank);
      const dn = isCat ? normDim(dim, rank) : dim < 0 ? dim + rank + 1 : dim;
      const parts = [self];
      const count = d.int(1, 2);
      let along = isCat ? shape[dn] : 1;
      for (let i = 0; i < count; i++) {
        const s = shape.slice();
        if (isCat) s[dn] = d.pick([0, 1, 2]);
        along += isCat ? s[dn] : 1;
        parts.push(leaf(s));
      }
      if (d.chance(0.5)) parts.reverse();
      const out = shape.slice();
      if (isCat) out[dn] = along;
      else out.splice(dn, 0, along);
      step(isCat ? 'cat' : 'stack', undefined, [{ nodes: parts }, dim], out, parts.some((p) => grads[p]));
    } else if (kind < 94) {
      // F.linear, or Linear + ReLU through Sequential (the fused path); in_features may be 0.
      let x = self;
      if (rank === 0 || d.chance(0.3)) x = leaf([...randomShape(d, d.int(0, 2)), d.pick([0, 1, 2, 3])]);
      const xs = shapes[x];
      const inF = xs[xs.length - 1];
      const outF = d.pick([1, 2, 3, 0]);
      const w = leaf([outF, inF]);
      const bias = d.chance(0.7) ? leaf([outF]) : null;
      const op = d.chance(0.3) ? 'seqLinearRelu' : 'linear';
      step(op, undefined, [{ node: x }, { node: w }, bias === null ? null : { node: bias }], [...xs.slice(0, -1), outF],
        grads[x] || grads[w] || (bias !== null && grads[bias]));
    } else if (kind >= 100) {
      // Convolution and pooling (chapter 6), on the chain's tensor when it is an image batch.
      convStep(d, self, shapes, grads, leaf, step, (f) => { failed = f; });
    } else {
      // Losses.
      if (d.chance(0.4)) {
        const target = leaf(d.chance(0.9) ? shape : broadcastPartner(d, shape));
        const reduction = d.pick(['mean', 'sum', 'none']);
        const out = broadcast(shape, shapes[target]);
        failed = out === null;
        step('mseLoss', self, [{ node: target }, reduction], reduction === 'none' ? out ?? shape : [], rg || grads[target]);
        continue;
      }
      let x = self;
      if (rank !== 1 && rank !== 2) x = leaf(randomShape(d, d.int(1, 2)).map((s) => Math.max(s, 1)));
      const xs = shapes[x];
      const C = xs[xs.length - 1];
      const rows = xs.length === 2 ? xs[0] : 1;
      const reduction = d.pick(['mean', 'sum', 'none']);
      const labelSmoothing = d.pick([0, 0, 0.1, 0.5, 1]);
      let target;
      let trg = false;
      if (d.chance(0.5)) {
        const idx = [];
        for (let i = 0; i < rows; i++) idx.push(d.chance(0.03) ? C : d.int(0, Math.max(0, C - 1)));
        failed = idx.some((v) => v >= C);
        target = index(xs.length === 2 ? [rows] : [], idx);
      } else {
        const t = leaf(xs, { data: positiveData(d, numel(xs)), grad: d.chance(0.6) });
        trg = grads[t];
        target = { node: t };
      }
      step('crossEntropy', undefined, [{ node: x }, target, reduction, labelSmoothing], reduction === 'none' && xs.length === 2 ? [rows] : [],
        grads[x] || trg);
    }
  }
  const c = { kind: 'chain', nodes };
  // Backward from the last node that requires grad, with a fixed upstream gradient.
  let root = -1;
  for (let i = nodes.length - 1; i >= 0; i--) if (grads[i] && nodes[i].op !== undefined) { root = i; break; }
  if (!failed && root >= 0) {
    const mode = d.int(0, 9);
    c.backward = { node: root, g: randomData(d, numel(shapes[root]), 'plain'), twice: mode >= 8, retain: mode === 9 };
  }
  return c;
}

/** An optimiser run: a few steps on Σ (p − t)² over the parameters a step's mask selects. */
function optimCase(g) {
  const d = drawer(g);
  const optimizer = d.pick(['SGD', 'Adam']);
  const options = {};
  const probe = d.chance(0.1);
  if (optimizer === 'SGD') {
    options.lr = d.pick([0.1, 0.01, 0.5]);
    if (d.chance(0.5)) options.momentum = d.pick([0, 0.9, 0.5]);
    if (d.chance(0.3)) options.dampening = d.pick([0, 0.1]);
    if (d.chance(0.4)) options.weightDecay = d.pick([0, 0.1, 0.01]);
    if (d.chance(0.3)) options.nesterov = true;
    if (d.chance(0.3)) options.maximize = true;
    if (probe) Object.assign(options, d.pick([{ lr: -0.1 }, { momentum: -1 }, { weightDecay: -0.5 }, { nesterov: true, momentum: 0 }]));
  } else {
    if (d.chance(0.7)) options.lr = d.pick([0.1, 0.01, 0.001]);
    if (d.chance(0.3)) options.betas = d.pick([[0.9, 0.999], [0.5, 0.9], [0, 0.99]]);
    if (d.chance(0.3)) options.eps = d.pick([1e-8, 1e-3]);
    if (d.chance(0.4)) options.weightDecay = d.pick([0, 0.1]);
    if (d.chance(0.3)) options.amsgrad = true;
    if (d.chance(0.3)) options.maximize = true;
    if (probe) Object.assign(options, d.pick([{ lr: -1 }, { betas: [1, 0.999] }, { betas: [0.9, -0.1] }, { eps: -1 }, { weightDecay: -0.1 }]));
  }
  const count = d.int(1, 3);
  const params = [];
  const targets = [];
  for (let i = 0; i < count; i++) {
    const shape = randomShape(d, d.int(0, 2)).map((s) => Math.max(s, 1));
    params.push({ shape, data: randomData(d, numel(shape), 'plain') });
    targets.push({ shape, data: randomData(d, numel(shape), 'plain') });
  }
  const steps = d.int(1, 5);
  const masks = [];
  for (let s = 0; s < steps; s++) masks.push(params.map(() => d.chance(0.8)));
  return { kind: 'optim', optimizer, options, params, targets, masks, setToNone: d.chance(0.5) };
}

export const caseArbitrary = fc.gen().map((g) => (g(uniformInt, { min: 0, max: 9 }) < 8 ? chainCase(g) : optimCase(g)));

/** `count` cases, the same ones for the same seed on every machine. */
export function sampleCases(seed, count) {
  return fc.sample(caseArbitrary, { seed, numRuns: count }).map((c, i) => ({ id: i, ...c }));
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  process.stdout.write(JSON.stringify(sampleCases(arg('--seed', 1), arg('--count', 100))));
}

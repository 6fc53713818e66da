// Fused losses: one graph node each, with the backward written out by hand. Cross-entropy works
// from logits through log-sum-exp, so large logits never overflow.
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { fmtShape, sameShape } from '../shape';
import { elementwiseStrides } from '../layout';
import * as bin from './binary';
import * as red from './reduce';

export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(r: string): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new RangeError(`${String(r)} is not a valid value for reduction (mean, sum, none)`);
  return r;
}

function reduce(perElement: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return perElement;
  return reduction === 'sum' ? red.sum(perElement, undefined, false) : red.mean(perElement, undefined, false);
}

export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  // PyTorch broadcasts mismatched shapes (with a warning); so do we, through the general ops.
  // Kept apart from the fused path so the hot function stays small for the JIT.
  if (!sameShape(input.shape, target.shape)) return reduce(bin.pow(bin.sub(input, target), 2), reduction);
  return mseFused(input, target, reduction);
}

function mseFused(input: Tensor, target: Tensor, reduction: Reduction): Tensor {
  const x = input.values, t = target.values;
  const n = x.length;
  const diff = new Float32Array(n);
  for (let i = 0; i < n; i++) diff[i] = x[i] - t[i];
  let out: Tensor;
  if (reduction === 'none') {
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = diff[i] * diff[i];
    out = new Tensor(y, input.shape);
    if (input.strides !== null || target.strides !== null) out.strides = elementwiseStrides(input.shape, [input, target]);
  } else {
    let s = 0;
    for (let i = 0; i < n; i++) s += diff[i] * diff[i];
    out = new Tensor(new Float32Array([reduction === 'mean' ? s / n : s]), []);
  }
  if (!needsGrad(input, target)) return out;
  return record(out, 'MseLossBackward0', [input, target], (g) => {
    const dx = new Float32Array(n);
    if (reduction === 'none') for (let i = 0; i < n; i++) dx[i] = 2 * diff[i] * g[i];
    else {
      const s = (2 * g[0]) / (reduction === 'mean' ? n : 1);
      for (let i = 0; i < n; i++) dx[i] = s * diff[i];
    }
    let dt: Float32Array | null = null;
    if (target.requiresGrad) {
      dt = new Float32Array(n);
      for (let i = 0; i < n; i++) dt[i] = -dx[i];
    }
    return [input.requiresGrad ? dx : null, dt];
  });
}

export function checkLabelSmoothing(v: number): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new RangeError(`label_smoothing must be between 0.0 and 1.0. Got: ${String(v)}`);
  return v;
}

/**
 * Cross-entropy from logits of shape (N, C) or (C,). `target` holds class indices (shape (N,) or
 * ()) or, when it has the input's shape, class probabilities; those may require grad, and then
 * get one (−log softmax, as in PyTorch). `labelSmoothing` ε follows PyTorch 1.13: index targets
 * mix (1 − ε)·NLL with ε/C times the sum of −log p over the classes; probability targets are
 * replaced by (1 − ε)·t + ε/C.
 */
export function crossEntropy(input: Tensor, target: Tensor, reduction: Reduction, labelSmoothing = 0): Tensor {
  const nd = input.shape.length;
  if (nd !== 1 && nd !== 2) throw new RangeError(`cross_entropy: expected input of shape (N, C) or (C,), got ${fmtShape(input.shape)}`);
  const rows = nd === 2 ? input.shape[0] : 1;
  const C = input.shape[nd - 1];
  const probTarget = sameShape(input.shape, target.shape);
  if (!probTarget && target.values.length !== rows) {
    throw new RangeError(`cross_entropy: Expected input batch_size (${rows}) to match target batch_size (${target.values.length}): target must be class indices of shape ${fmtShape(nd === 2 ? [rows] : [])} or probabilities of shape ${fmtShape(input.shape)}, got ${fmtShape(target.shape)}`);
  }
  const eps = labelSmoothing;
  const x = input.values, t = target.values;
  const p = new Float32Array(x.length); // softmax, kept for backward
  const lses = probTarget ? new Float64Array(rows) : null;
  const losses = new Float32Array(rows);
  const keep = 1 - eps, spread = eps / C;
  // Signs of zeros follow PyTorch's formulas too (a loss of −0 divides to −∞ there).
  let total = 0;
  for (let r = 0; r < rows; r++) {
    const o = r * C;
    let m = -Infinity;
    for (let c = 0; c < C; c++) if (x[o + c] > m) m = x[o + c];
    let s = 0;
    for (let c = 0; c < C; c++) { const e = Math.exp(x[o + c] - m); p[o + c] = e; s += e; }
    const lse = m + Math.log(s);
    for (let c = 0; c < C; c++) p[o + c] /= s;
    if (probTarget) {
      lses![r] = lse;
      // −Σ t·log p over every class, also those with t = 0: 0·(−∞) is NaN in PyTorch too.
      let a = 0;
      if (eps === 0) for (let c = 0; c < C; c++) a += t[o + c] * (x[o + c] - lse);
      else for (let c = 0; c < C; c++) a += (t[o + c] * keep + spread) * (x[o + c] - lse);
      losses[r] = -a;
      total += a;
    } else {
      const k = t[r];
      if (!Number.isInteger(k) || k < 0 || k >= C) throw new RangeError(`cross_entropy: Target ${k} is out of bounds (classes 0..${C - 1})`);
      const nll = -(x[o + k] - lse);
      if (eps === 0) losses[r] = nll;
      else {
        let all = 0;
        for (let c = 0; c < C; c++) all += x[o + c] - lse;
        losses[r] = keep * nll + spread * -all;
      }
      total += losses[r];
    }
  }
  let out: Tensor;
  if (reduction === 'none') out = new Tensor(losses, nd === 2 ? [rows] : []);
  else {
    // Probability targets negate the sum of t·log p; PyTorch's mean over them is NaN for an empty
    // input even when there are rows, and smoothing over zero classes scales an empty sum by ε/0.
    let s = probTarget ? -total : total;
    if ((probTarget && reduction === 'mean' && x.length === 0) || (!probTarget && eps > 0 && C === 0)) s = NaN;
    out = new Tensor(new Float32Array([reduction === 'mean' ? s / rows : s]), []);
  }
  const targetGrad = probTarget && target.requiresGrad;
  if (!needsGrad(input) && !(targetGrad && needsGrad(target))) return out;
  // PyTorch chains log_softmax and nll_loss (index targets) here; one node does both.
  const meta = probTarget ? undefined : { fusedOf: ['LogSoftmaxBackward0', 'NllLossBackward0'], fusedShapes: [input.shape, out.shape] };
  return record(out, 'NllLossBackward0', [input, target], (g) => {
    let dx: Float32Array | null = null;
    let dt: Float32Array | null = null;
    if (input.requiresGrad) dx = new Float32Array(x.length);
    if (targetGrad) dt = new Float32Array(t.length);
    for (let r = 0; r < rows; r++) {
      const gr = reduction === 'none' ? g[r] : reduction === 'mean' ? g[0] / rows : g[0];
      const o = r * C;
      if (probTarget) {
        // As PyTorch's chain does it: the gradient of log p is −g·t', then log_softmax's backward
        // (so a non-finite g meeting a zero target gives NaN, as there).
        if (dx !== null) {
          let gs = 0;
          for (let c = 0; c < C; c++) gs += -gr * (t[o + c] * keep + spread);
          for (let c = 0; c < C; c++) dx[o + c] = -gr * (t[o + c] * keep + spread) - p[o + c] * gs;
        }
        if (dt !== null) {
          const lse = lses![r];
          for (let c = 0; c < C; c++) dt[o + c] = -gr * keep * (x[o + c] - lse);
        }
      } else if (dx !== null) {
        if (eps === 0) {
          for (let c = 0; c < C; c++) dx[o + c] = gr * p[o + c];
          dx[o + t[r]] -= gr;
        } else {
          const gk = -gr * keep, gc = -gr * spread;
          const gs = gk + C * gc;
          for (let c = 0; c < C; c++) dx[o + c] = gc - p[o + c] * gs;
          dx[o + t[r]] += gk;
        }
      }
    }
    return [dx, dt];
  }, undefined, meta);
}

// Broadcasting binary ops. Each operand is read either in full (stride 1), as a scalar (stride 0)
// or, when it broadcasts along inner dims, expanded once; gradients are summed back to its shape.
import { Tensor, type Operand } from '../tensor';
import { needsGrad, record } from '../autograd';
import { broadcastShapes, expandTo, sumTo } from '../broadcast';
import { numelOf, sameShape } from '../shape';
import { elementwiseStrides } from '../layout';

type Kernel = (x: Float32Array, xs: number, y: Float32Array, ys: number, out: Float32Array, n: number) => void;

const addK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] + y[i * ys]; };
const subK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] - y[i * ys]; };
const mulK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] * y[i * ys]; };
const divK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] / y[i * ys]; };
/** C's pow, which PyTorch calls: unlike Math.pow, 1 to any power and −1 to ±∞ give 1. */
export function cpow(x: number, y: number): number {
  return x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : Math.pow(x, y);
}

/**
 * x to a number power the way PyTorch's pow(Tensor, Scalar) kernel does it: a few exponents are
 * computed as products, square roots and reciprocals (so pow(−∞, 0.5) is sqrt(−∞) = NaN), the
 * rest with C's pow. Its backward uses the same function for exponent − 1.
 */
export function powScalar(x: number, e: number): number {
  switch (e) {
    case 2: return x * x;
    case 3: return x * x * x;
    case 0.5: return Math.sqrt(x);
    case -0.5: return 1 / Math.sqrt(x);
    case -1: return 1 / x;
    case -2: return 1 / (x * x);
    default: return cpow(x, e);
  }
}

const powK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = cpow(x[i * xs], y[i * ys]); };
const maxK: Kernel = (x, xs, y, ys, o, n) => {
  for (let i = 0; i < n; i++) { const a = x[i * xs], b = y[i * ys]; o[i] = a !== a || a > b ? a : b; }
};
const minK: Kernel = (x, xs, y, ys, o, n) => {
  for (let i = 0; i < n; i++) { const a = x[i * xs], b = y[i * ys]; o[i] = a !== a || a < b ? a : b; }
};
const eqK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] === y[i * ys] ? 1 : 0; };
const neK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] !== y[i * ys] ? 1 : 0; };
const ltK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] < y[i * ys] ? 1 : 0; };
const leK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] <= y[i * ys] ? 1 : 0; };
const gtK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] > y[i * ys] ? 1 : 0; };
const geK: Kernel = (x, xs, y, ys, o, n) => { for (let i = 0; i < n; i++) o[i] = x[i * xs] >= y[i * ys] ? 1 : 0; };

const SCALAR_SHAPE: readonly number[] = [];

export function asTensor(v: Operand): Tensor {
  return v instanceof Tensor ? v : new Tensor(new Float32Array([v]), SCALAR_SHAPE);
}

interface Prepared {
  shape: readonly number[];
  n: number;
  av: Float32Array; as: number;
  bv: Float32Array; bs: number;
}

function operand(t: Tensor, shape: readonly number[], n: number): [Float32Array, number] {
  const len = t.values.length;
  if (len === n) return [t.values, 1];
  if (len === 1) return [t.values, 0];
  return [expandTo(t.values, t.shape, shape), 1];
}

function prepare(a: Tensor, b: Tensor, op: string): Prepared {
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(a.shape, b.shape, op);
  const n = numelOf(shape);
  const [av, as] = operand(a, shape, n);
  const [bv, bs] = operand(b, shape, n);
  return { shape, n, av, as, bv, bs };
}

function forward(a: Tensor, b: Tensor, op: string, k: Kernel): [Tensor, Prepared] {
  const p = prepare(a, b, op);
  const out = new Float32Array(p.n);
  k(p.av, p.as, p.bv, p.bs, out, p.n);
  const t = new Tensor(out, p.shape);
  // Row-major operands give a row-major result; otherwise PyTorch's TensorIterator decides.
  if (a.strides !== null || b.strides !== null) t.strides = elementwiseStrides(p.shape, [a, b]);
  return [t, p];
}

function scaled(g: Float32Array, s: number): Float32Array {
  const o = new Float32Array(g.length);
  for (let i = 0; i < g.length; i++) o[i] = g[i] * s;
  return o;
}

/** add and sub: one broadcast forward; b's gradient is g, negated for sub. */
function addOrSub(a: Tensor, other: Operand, isSub: boolean): Tensor {
  const b = asTensor(other);
  const [out, p] = forward(a, b, isSub ? 'sub' : 'add', isSub ? subK : addK);
  if (!needsGrad(a, b)) return out;
  return record(out, isSub ? 'SubBackward0' : 'AddBackward0', [a, b], (g) => [
    a.requiresGrad ? sumTo(g, p.shape, a.shape) : null,
    b.requiresGrad ? sumTo(isSub ? scaled(g, -1) : g, p.shape, b.shape) : null,
  ]);
}

export function add(a: Tensor, other: Operand): Tensor { return addOrSub(a, other, false); }
export function sub(a: Tensor, other: Operand): Tensor { return addOrSub(a, other, true); }

export function mul(a: Tensor, other: Operand): Tensor {
  const b = asTensor(other);
  const [out, p] = forward(a, b, 'mul', mulK);
  if (!needsGrad(a, b)) return out;
  return record(out, 'MulBackward0', [a, b], (g) => [
    a.requiresGrad ? gradWith(mulK, g, p.bv, p.bs, p, a) : null,
    b.requiresGrad ? gradWith(mulK, g, p.av, p.as, p, b) : null,
  ]);
}

/** The gradient g∘v (v one operand, read at stride s; ∘ = `k`) summed back to `to`'s shape. */
function gradWith(k: Kernel, g: Float32Array, v: Float32Array, s: number, p: Prepared, to: Tensor): Float32Array {
  const t = new Float32Array(p.n);
  k(g, 1, v, s, t, p.n);
  return sumTo(t, p.shape, to.shape);
}

export function div(a: Tensor, other: Operand): Tensor {
  const b = asTensor(other);
  const [out, p] = forward(a, b, 'div', divK);
  if (!needsGrad(a, b)) return out;
  const y = out.values;
  return record(out, 'DivBackward0', [a, b], (g) => [
    a.requiresGrad ? gradWith(divK, g, p.bv, p.bs, p, a) : null,
    b.requiresGrad ? divisorGrad(g, y, p, b) : null,
  ]);
}

/** d(a/b)/db = −(a/b)/b, from the float32 quotient y as PyTorch computes it. */
function divisorGrad(g: Float32Array, y: Float32Array, p: Prepared, b: Tensor): Float32Array {
  const t = new Float32Array(p.n);
  const bv = p.bv, bs = p.bs;
  for (let i = 0; i < p.n; i++) t[i] = (-g[i] * y[i]) / bv[i * bs];
  return sumTo(t, p.shape, b.shape);
}

export function pow(a: Tensor, exponent: Operand): Tensor {
  if (typeof exponent === 'number') return powScalarOp(a, exponent);
  const b = exponent;
  const [out, p] = forward(a, b, 'pow', powK);
  if (!needsGrad(a, b)) return out;
  const y = out.values;
  return record(out, 'PowBackward1', [a, b], (g) => [
    a.requiresGrad ? powBaseGrad(g, p, a) : null,
    b.requiresGrad ? powExponentGrad(g, y, p, b) : null,
  ]);
}

/** d(a^b)/da = b·a^(b−1), taken as 0 where b is 0 (as PyTorch does, even at a = 0). */
function powBaseGrad(g: Float32Array, p: Prepared, a: Tensor): Float32Array {
  const { av, as, bv, bs, n } = p;
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const e = bv[i * bs];
    t[i] = e === 0 ? 0 : g[i] * e * cpow(av[i * as], e - 1);
  }
  return sumTo(t, p.shape, a.shape);
}

/** d(a^b)/db = a^b·ln a, from the float32 result y. */
function powExponentGrad(g: Float32Array, y: Float32Array, p: Prepared, b: Tensor): Float32Array {
  const { av, as, bv, bs, n } = p;
  const t = new Float32Array(n);
  // At base 0 with exponent >= 0 PyTorch multiplies by 0 (not log 0): a non-finite g still gives NaN.
  for (let i = 0; i < n; i++) {
    const x = av[i * as];
    t[i] = x === 0 && bv[i * bs] >= 0 ? g[i] * 0 : g[i] * y[i] * Math.log(x);
  }
  return sumTo(t, p.shape, b.shape);
}

function powScalarOp(a: Tensor, e: number): Tensor {
  const x = a.values;
  const n = x.length;
  const out = new Float32Array(n);
  if (e === 2) for (let i = 0; i < n; i++) out[i] = x[i] * x[i];
  else for (let i = 0; i < n; i++) out[i] = powScalar(x[i], e);
  const t = new Tensor(out, a.shape);
  if (a.strides !== null) t.strides = elementwiseStrides(a.shape, [a]);
  if (!needsGrad(a)) return t;
  return record(t, 'PowBackward0', [a], (g) => {
    const d = new Float32Array(n);
    if (e === 0) return [d];
    if (e === 2) for (let i = 0; i < n; i++) d[i] = 2 * g[i] * x[i];
    else for (let i = 0; i < n; i++) d[i] = g[i] * e * powScalar(x[i], e - 1);
    return [d];
  });
}

/**
 * maximum/minimum: ties split the gradient in half; where either side is NaN both sides get the
 * whole gradient (PyTorch masks only where one side is strictly smaller).
 */
function extremum(a: Tensor, other: Operand, isMax: boolean): Tensor {
  const b = asTensor(other);
  const [out, p] = forward(a, b, isMax ? 'maximum' : 'minimum', isMax ? maxK : minK);
  if (!needsGrad(a, b)) return out;
  return record(out, isMax ? 'MaximumBackward0' : 'MinimumBackward0', [a, b], (g) => {
    const { av, as, bv, bs, n } = p;
    const ta = new Float32Array(n);
    const tb = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const x = av[i * as], y = bv[i * bs];
      if (x === y) { ta[i] = g[i] / 2; tb[i] = g[i] / 2; }
      else if (x > y) { if (isMax) ta[i] = g[i]; else tb[i] = g[i]; }
      else if (x < y) { if (isMax) tb[i] = g[i]; else ta[i] = g[i]; }
      else { ta[i] = g[i]; tb[i] = g[i]; }
    }
    return [a.requiresGrad ? sumTo(ta, p.shape, a.shape) : null, b.requiresGrad ? sumTo(tb, p.shape, b.shape) : null];
  });
}

export function maximum(a: Tensor, other: Operand): Tensor { return extremum(a, other, true); }
export function minimum(a: Tensor, other: Operand): Tensor { return extremum(a, other, false); }

function compare(a: Tensor, other: Operand, op: string, k: Kernel): Tensor {
  return forward(a, asTensor(other), op, k)[0];
}

export function eq(a: Tensor, o: Operand): Tensor { return compare(a, o, 'eq', eqK); }
export function ne(a: Tensor, o: Operand): Tensor { return compare(a, o, 'ne', neK); }
export function lt(a: Tensor, o: Operand): Tensor { return compare(a, o, 'lt', ltK); }
export function le(a: Tensor, o: Operand): Tensor { return compare(a, o, 'le', leK); }
export function gt(a: Tensor, o: Operand): Tensor { return compare(a, o, 'gt', gtK); }
export function ge(a: Tensor, o: Operand): Tensor { return compare(a, o, 'ge', geK); }

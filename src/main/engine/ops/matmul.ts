// matmul with PyTorch's rules: 1-D·1-D dot, matrix·vector, vector·matrix, matrix·matrix and
// batched products whose batch dims broadcast. Backward: dA = G·Bᵀ, dB = Aᵀ·G (transpose flags,
// no copies), summed over broadcast batch dims.
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { broadcastShapes, expandTo, sumTo } from '../broadcast';
import { fmtShape, numelOf } from '../shape';
import { gemm } from './gemm';
import { reshape } from './shape';
import { takeStorage } from '../backend/caching-allocator';

function mismatch(a: readonly number[], b: readonly number[], ka: number, kb: number): never {
  throw new RangeError(`matmul: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be multiplied (${ka} != ${kb})`);
}

function mm2d(a: Tensor, b: Tensor): Tensor {
  const [m, k] = a.shape;
  const n = b.shape[1];
  const av = a.values, bv = b.values;
  const y = takeStorage(m * n); // beta = 0: gemm writes every element (scaleC for tiny or empty products)
  gemm(false, false, m, n, k, 1, av, k, bv, n, 0, y, n);
  const out = new Tensor(y, [m, n]);
  if (!needsGrad(a, b)) return out;
  return record(out, 'MmBackward0', [a, b], (g) => {
    let da: Float32Array | null = null;
    let db: Float32Array | null = null;
    if (a.requiresGrad) {
      da = takeStorage(m * k);
      gemm(false, true, m, k, n, 1, g, n, bv, n, 0, da, k);
    }
    if (b.requiresGrad) {
      db = takeStorage(k * n);
      gemm(true, false, k, n, m, 1, av, k, g, n, 0, db, n);
    }
    return [da, db];
  });
}

function dot(a: Tensor, b: Tensor): Tensor {
  const n = a.values.length;
  if (b.values.length !== n) mismatch(a.shape, b.shape, n, b.values.length);
  const av = a.values, bv = b.values;
  let s = 0;
  for (let i = 0; i < n; i++) s += av[i] * bv[i];
  const out = new Tensor(new Float32Array([s]), []);
  if (!needsGrad(a, b)) return out;
  return record(out, 'DotBackward0', [a, b], (g) => {
    const g0 = g[0];
    let da: Float32Array | null = null;
    let db: Float32Array | null = null;
    if (a.requiresGrad) { da = new Float32Array(n); for (let i = 0; i < n; i++) da[i] = g0 * bv[i]; }
    if (b.requiresGrad) { db = new Float32Array(n); for (let i = 0; i < n; i++) db[i] = g0 * av[i]; }
    return [da, db];
  });
}

/** Batched (…, m, k)·(…, k, n) with broadcast batch dims; both operands have ≥ 2 dims here. */
function bmm(a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.shape.length - 2], k = a.shape[a.shape.length - 1];
  const n = b.shape[b.shape.length - 1];
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes(aBatch, bBatch, 'matmul');
  const nb = numelOf(batch);
  const aFull = [...batch, m, k], bFull = [...batch, k, n];
  const av = numelOf(aBatch) === nb ? a.values : expandTo(a.values, a.shape, aFull);
  const bv = numelOf(bBatch) === nb ? b.values : expandTo(b.values, b.shape, bFull);
  const y = takeStorage(nb * m * n);
  for (let t = 0; t < nb; t++) {
    gemm(false, false, m, n, k, 1, av.subarray(t * m * k), k, bv.subarray(t * k * n), n, 0, y.subarray(t * m * n), n);
  }
  const out = new Tensor(y, [...batch, m, n]);
  if (!needsGrad(a, b)) return out;
  return record(out, 'BmmBackward0', [a, b], (g) => {
    let da: Float32Array | null = null;
    let db: Float32Array | null = null;
    if (a.requiresGrad) {
      const d = takeStorage(nb * m * k);
      for (let t = 0; t < nb; t++) {
        gemm(false, true, m, k, n, 1, g.subarray(t * m * n), n, bv.subarray(t * k * n), n, 0, d.subarray(t * m * k), k);
      }
      da = sumTo(d, aFull, a.shape);
    }
    if (b.requiresGrad) {
      const d = takeStorage(nb * k * n);
      for (let t = 0; t < nb; t++) {
        gemm(true, false, k, n, m, 1, av.subarray(t * m * k), k, g.subarray(t * m * n), n, 0, d.subarray(t * k * n), n);
      }
      db = sumTo(d, bFull, b.shape);
    }
    return [da, db];
  });
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  const ra = a.shape.length, rb = b.shape.length;
  if (ra === 0 || rb === 0) {
    throw new RangeError(`matmul: both arguments need at least 1 dimension, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  const ka = a.shape[ra - 1];
  const kb = rb === 1 ? b.shape[0] : b.shape[rb - 2];
  if (ka !== kb) mismatch(a.shape, b.shape, ka, kb);
  if (ra === 1 && rb === 1) return dot(a, b);
  if (ra === 2 && rb === 2) return mm2d(a, b);
  // Vectors become 1×k / k×1 matrices and the added dim is dropped from the result.
  const a2 = ra === 1 ? reshape(a, [1, ka]) : a;
  const b2 = rb === 1 ? reshape(b, [kb, 1]) : b;
  const y = a2.shape.length === 2 && b2.shape.length === 2 ? mm2d(a2, b2) : bmm(a2, b2);
  if (ra > 1 && rb > 1) return y;
  const shape = y.shape.slice();
  if (rb === 1) shape.splice(shape.length - 1, 1);
  if (ra === 1) shape.splice(shape.length - (rb === 1 ? 1 : 2), 1);
  return reshape(y, shape);
}

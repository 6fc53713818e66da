// Reductions over all elements or along one dim (a list of dims reduces them one after another).
// A dim is split as (outer, size, inner) so every loop walks memory forwards.
import { Tensor } from '../tensor';
import { needsGrad, record } from '../autograd';
import { normDim, splitAt } from '../shape';
import { reshape } from './shape';

function reducedShape(shape: readonly number[], dim: number, keepdim: boolean): number[] {
  const out = shape.slice();
  if (keepdim) out[dim] = 1;
  else out.splice(dim, 1);
  return out;
}

/** Sum along one dim (or everything), scaled by `scale` (1 for sum, 1/size for mean). */
function sumAlong(a: Tensor, dim: number | null, keepdim: boolean, scale: number | null, name: string): Tensor {
  const x = a.values;
  let shape: number[];
  let outer: number, size: number, inner: number;
  if (dim === null) {
    shape = keepdim ? a.shape.map(() => 1) : [];
    [outer, size, inner] = [1, x.length, 1];
  } else {
    shape = reducedShape(a.shape, dim, keepdim);
    [outer, size, inner] = splitAt(a.shape, dim);
  }
  const s = scale ?? 1 / size;
  const y = new Float32Array(outer * inner);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let acc = 0;
      const base = o * size;
      for (let l = 0; l < size; l++) acc += x[base + l];
      y[o] = acc * s;
    }
  } else {
    const acc = new Float64Array(inner);
    for (let o = 0; o < outer; o++) {
      acc.fill(0);
      for (let l = 0; l < size; l++) {
        const base = (o * size + l) * inner;
        for (let i = 0; i < inner; i++) acc[i] += x[base + i];
      }
      for (let i = 0; i < inner; i++) y[o * inner + i] = acc[i] * s;
    }
  }
  const out = new Tensor(y, shape);
  if (!needsGrad(a)) return out;
  const n = x.length;
  return record(out, name, [a], (g) => {
    const d = new Float32Array(n);
    if (inner === 1) {
      for (let o = 0; o < outer; o++) d.fill(g[o] * s, o * size, (o + 1) * size);
    } else {
      for (let o = 0; o < outer; o++) {
        for (let l = 0; l < size; l++) {
          const base = (o * size + l) * inner;
          for (let i = 0; i < inner; i++) d[base + i] = g[o * inner + i] * s;
        }
      }
    }
    return [d];
  });
}

function reduceDims(
  a: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean, op: string,
  one: (t: Tensor, d: number | null, keep: boolean) => Tensor,
): Tensor {
  if (dim === undefined) return one(a, null, keepdim);
  if (typeof dim === 'number') return one(a, normDim(dim, a.shape.length, op), keepdim);
  const dims = [...new Set(dim.map((d) => normDim(d, a.shape.length, op)))].sort((p, q) => q - p);
  if (dims.length === 0) return one(a, null, keepdim);
  let t = a;
  for (const d of dims) t = one(t, d, true);
  return keepdim ? t : reshape(t, a.shape.filter((_, i) => !dims.includes(i)), op);
}

export function sum(a: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  return reduceDims(a, dim, keepdim, 'sum', (t, d, k) => sumAlong(t, d, k, 1, 'SumBackward1'));
}

export function mean(a: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  return reduceDims(a, dim, keepdim, 'mean', (t, d, k) => sumAlong(t, d, k, null, 'MeanBackward1'));
}

/** Index of the first extreme value per slice (NaN wins, like PyTorch). */
function argExtreme(x: Float32Array, outer: number, size: number, inner: number, isMax: boolean): Int32Array {
  const idx = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let best = x[base];
      let bi = 0;
      if (best === best) {
        for (let l = 1; l < size; l++) {
          const v = x[base + l * inner];
          if (v !== v) { bi = l; break; }
          if (isMax ? v > best : v < best) { best = v; bi = l; }
        }
      }
      idx[o * inner + i] = bi;
    }
  }
  return idx;
}

function extreme(a: Tensor, dim: number | undefined, keepdim: boolean, isMax: boolean): Tensor {
  const op = isMax ? 'max' : 'min';
  const x = a.values;
  if (x.length === 0) throw new RangeError(`${op}(): Expected reduction dim to be specified for input.numel() == 0`);
  if (dim === undefined) {
    const [i] = argExtreme(x, 1, x.length, 1, isMax);
    const m = x[i];
    const out = new Tensor(new Float32Array([m]), keepdim ? a.shape.map(() => 1) : []);
    if (!needsGrad(a)) return out;
    // A full max spreads the gradient evenly over ties.
    return record(out, isMax ? 'MaxBackward1' : 'MinBackward1', [a], (g) => {
      const d = new Float32Array(x.length);
      let ties = 0;
      for (let k = 0; k < x.length; k++) if (x[k] === m) ties++;
      for (let k = 0; k < x.length; k++) if (x[k] === m) d[k] = g[0] / ties;
      return [d];
    });
  }
  const dn = normDim(dim, a.shape.length, op);
  const [outer, size, inner] = splitAt(a.shape, dn);
  if (size === 0) throw new RangeError(`${op}(): cannot reduce over a zero-size dimension ${dim}`);
  const idx = argExtreme(x, outer, size, inner, isMax);
  const y = new Float32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) y[o * inner + i] = x[(o * size + idx[o * inner + i]) * inner + i];
  }
  const out = new Tensor(y, reducedShape(a.shape, dn, keepdim));
  if (!needsGrad(a)) return out;
  return record(out, isMax ? 'MaxBackward0' : 'MinBackward0', [a], (g) => {
    const d = new Float32Array(x.length);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) d[(o * size + idx[o * inner + i]) * inner + i] = g[o * inner + i];
    }
    return [d];
  });
}

export function max(a: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  return extreme(a, dim, keepdim, true);
}

export function min(a: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  return extreme(a, dim, keepdim, false);
}

/** Index (as a float) of the first maximum; over the flattened tensor when dim is omitted. */
export function argmax(a: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  const x = a.values;
  if (x.length === 0) throw new RangeError('argmax(): Expected reduction dim to be specified for input.numel() == 0');
  if (dim === undefined) {
    const [i] = argExtreme(x, 1, x.length, 1, true);
    return new Tensor(new Float32Array([i]), keepdim ? a.shape.map(() => 1) : []);
  }
  const dn = normDim(dim, a.shape.length, 'argmax');
  const [outer, size, inner] = splitAt(a.shape, dn);
  const idx = argExtreme(x, outer, size, inner, true);
  return new Tensor(Float32Array.from(idx), reducedShape(a.shape, dn, keepdim));
}

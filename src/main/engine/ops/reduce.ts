// Reductions over all elements or along one dim (a list of dims reduces them one after another).
// A dim is split as (outer, size, inner) so every loop walks memory forwards.
import { Tensor, type ValuesIndices } from '../tensor';
import { needsGrad, record } from '../autograd';
import { normDim, splitAt } from '../shape';
import { reshape } from './shape';

/** The shape after reducing `dim`; a 0-d tensor stays 0-d whatever keepdim says, as in PyTorch. */
function reducedShape(shape: readonly number[], dim: number, keepdim: boolean): number[] {
  const out = shape.slice();
  if (out.length === 0) return out;
  if (keepdim) out[dim] = 1;
  else out.splice(dim, 1);
  return out;
}

/** Sum along one dim (or everything), scaled by `scale` (1 for sum, 1/size for mean). */
function sumAlong(a: Tensor, dim: number | null, keepdim: boolean, scale: number | null): Tensor {
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
  // PyTorch's node names: …Backward0 over everything, …Backward1 along dims (only mean's saves a tensor).
  const name = scale === null ? (dim === null ? 'MeanBackward0' : 'MeanBackward1') : dim === null ? 'SumBackward0' : 'SumBackward1';
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
  const dims = dim.map((d) => normDim(d, a.shape.length, op));
  dims.forEach((d, i) => {
    if (dims.indexOf(d) !== i) throw new RangeError(`${op}: dim ${d} appears multiple times in the list of dims`);
  });
  dims.sort((p, q) => q - p);
  if (dims.length === 0 || a.shape.length === 0) return one(a, null, keepdim);
  let t = a;
  for (const d of dims) t = one(t, d, true);
  return keepdim ? t : reshape(t, a.shape.filter((_, i) => !dims.includes(i)), op);
}

export function sum(a: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  return reduceDims(a, dim, keepdim, 'sum', (t, d, k) => sumAlong(t, d, k, 1));
}

export function mean(a: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  return reduceDims(a, dim, keepdim, 'mean', (t, d, k) => sumAlong(t, d, k, null));
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

/** The maximum (or minimum) over every element. The gradient is shared evenly by the elements equal to it, or by the NaNs when it is NaN (PyTorch's evenly_distribute_backward). */
function extremeAll(a: Tensor, keepdim: boolean, isMax: boolean): Tensor {
  const op = isMax ? 'max' : 'min';
  const x = a.values;
  if (x.length === 0) {
    throw new RangeError(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const [i] = argExtreme(x, 1, x.length, 1, isMax);
  const m = x[i];
  const out = new Tensor(new Float32Array([m]), keepdim ? a.shape.map(() => 1) : []);
  if (!needsGrad(a)) return out;
  return record(out, isMax ? 'MaxBackward1' : 'MinBackward1', [a], (g) => {
    const d = new Float32Array(x.length);
    const isNaN = m !== m;
    let ties = 0;
    for (let k = 0; k < x.length; k++) if (isNaN ? x[k] !== x[k] : x[k] === m) ties++;
    const share = g[0] / ties;
    for (let k = 0; k < x.length; k++) if (isNaN ? x[k] !== x[k] : x[k] === m) d[k] = share;
    return [d];
  });
}

export function maxAll(a: Tensor, keepdim = false): Tensor {
  return extremeAll(a, keepdim, true);
}

export function minAll(a: Tensor, keepdim = false): Tensor {
  return extremeAll(a, keepdim, false);
}

/** Checks a reduction dim and splits the shape around it; only the reduced dim itself may not be empty. */
function reductionLayout(a: Tensor, dim: number, op: string): [number, number, number, number] {
  const dn = normDim(dim, a.shape.length, op);
  const [outer, size, inner] = splitAt(a.shape, dn);
  if (size === 0) throw new RangeError(`${op}(): Expected reduction dim ${dn} to have non-zero size.`);
  return [dn, outer, size, inner];
}

function valuesIndices(values: Tensor, indices: Tensor): ValuesIndices {
  return Object.assign([values, indices] as const, { values, indices });
}

/** max(dim) / min(dim): values and the index of the first extreme (NaN wins) per slice; the gradient goes to that index. */
export function maxDim(a: Tensor, dim: number, keepdim: boolean, isMax: boolean): ValuesIndices {
  const op = isMax ? 'max' : 'min';
  const [dn, outer, size, inner] = reductionLayout(a, dim, op);
  const x = a.values;
  const idx = argExtreme(x, outer, size, inner, isMax);
  const y = new Float32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) y[o * inner + i] = x[(o * size + idx[o * inner + i]) * inner + i];
  }
  const shape = reducedShape(a.shape, dn, keepdim);
  const indices = new Tensor(Float32Array.from(idx), shape);
  const out = new Tensor(y, shape);
  if (!needsGrad(a)) return valuesIndices(out, indices);
  return valuesIndices(record(out, isMax ? 'MaxBackward0' : 'MinBackward0', [a], (g) => {
    const d = new Float32Array(x.length);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) d[(o * size + idx[o * inner + i]) * inner + i] = g[o * inner + i];
    }
    return [d];
  }), indices);
}

/** Index (as a float) of the first maximum; over the flattened tensor when dim is omitted. */
export function argmax(a: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  const x = a.values;
  if (dim === undefined) {
    if (x.length === 0) throw new RangeError('argmax(): Expected reduction dim to be specified for input.numel() == 0.');
    const [i] = argExtreme(x, 1, x.length, 1, true);
    return new Tensor(new Float32Array([i]), keepdim ? a.shape.map(() => 1) : []);
  }
  const [dn, outer, size, inner] = reductionLayout(a, dim, 'argmax');
  const idx = argExtreme(x, outer, size, inner, true);
  return new Tensor(Float32Array.from(idx), reducedShape(a.shape, dn, keepdim));
}

// Shape arithmetic shared by every op: sizes, dims, strides and PyTorch-style shape messages.

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** "(3, 2)" — the way PyTorch prints a size in its error messages, "(4,)" for one dim. */
export function fmtShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Turns a possibly negative dim into [0, ndim); a 0-d tensor accepts dims -1 and 0 like PyTorch. */
export function normDim(dim: number, ndim: number, op: string): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new RangeError(`${op}: Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

export function checkShape(shape: readonly number[], op: string): number[] {
  const out: number[] = [];
  for (const s of shape) {
    if (!Number.isInteger(s) || s < 0) throw new RangeError(`${op}: sizes must be non-negative integers, got ${fmtShape(shape)}`);
    out.push(s);
  }
  return out;
}

/** Splits a shape around `dim` into (outer, size, inner) so reductions can run as three loops. */
export function splitAt(shape: readonly number[], dim: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < dim; i++) outer *= shape[i];
  for (let i = dim + 1; i < shape.length; i++) inner *= shape[i];
  return [outer, shape[dim] ?? 1, inner];
}

/** Resolves one -1 in a requested shape against the element count. */
export function inferShape(shape: readonly number[], numel: number, op: string, from: readonly number[]): number[] {
  let unknown = -1;
  let known = 1;
  const out = shape.slice();
  for (let i = 0; i < out.length; i++) {
    const s = out[i];
    if (s === -1) {
      if (unknown >= 0) throw new RangeError(`${op}: only one dimension can be inferred`);
      unknown = i;
    } else if (!Number.isInteger(s) || s < 0) {
      throw new RangeError(`${op}: invalid shape dimension ${s} in ${fmtShape(shape)}`);
    } else known *= s;
  }
  if (unknown >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new RangeError(`${op}: shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
    }
    out[unknown] = numel / known;
  } else if (known !== numel) {
    throw new RangeError(`${op}: shape '[${shape.join(', ')}]' is invalid for input of size ${numel} (input shape ${fmtShape(from)})`);
  }
  return out;
}

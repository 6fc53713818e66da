// Chapter 6's views of tensors (feature maps, kernels, the shape demos' matrices) as the renderer
// draws them: 2-D slices, grey levels scaled over a set of slices, numbers formatted for a table.
import type { TensorView } from '../../../shared/training';

/** A 2-D slice of a view: its rows, columns and values. */
export interface Slice {
  label: string;
  rows: number;
  cols: number;
  values: ArrayLike<number>;
}

/**
 * The 2-D slices of a view: (H, W) is one; (C, H, W) and (O, I, H, W) give one per leading index
 * (named name[c] or name[o][i]); a vector (n) is one row.
 */
export function slicesOf(v: TensorView): Slice[] {
  const s = v.shape;
  if (s.length === 1) return [{ label: v.name, rows: 1, cols: s[0]!, values: v.data }];
  if (s.length === 2) return [{ label: v.name, rows: s[0]!, cols: s[1]!, values: v.data }];
  const rows = s[s.length - 2]!, cols = s[s.length - 1]!;
  const lead = s.slice(0, -2);
  const count = lead.reduce((a, b) => a * b, 1);
  const out: Slice[] = [];
  for (let k = 0; k < count; k++) {
    const idx: number[] = [];
    let r = k;
    for (let d = lead.length - 1; d >= 0; d--) {
      idx.unshift(r % lead[d]!);
      r = Math.floor(r / lead[d]!);
    }
    const values = v.data.slice(k * rows * cols, (k + 1) * rows * cols);
    out.push({ label: `${v.name}${idx.map((i) => `[${i}]`).join('')}`, rows, cols, values });
  }
  return out;
}

/** The smallest and largest finite value over the slices (0 and 1 when there are none). */
export function rangeOf(slices: readonly Slice[]): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const s of slices) {
    for (let i = 0; i < s.values.length; i++) {
      const x = s.values[i]!;
      if (Number.isFinite(x)) {
        if (x < lo) lo = x;
        if (x > hi) hi = x;
      }
    }
  }
  return lo <= hi ? [lo, hi] : [0, 1];
}

/** RGBA pixels of a slice, grey from lo (black) to hi (white); a flat range is mid-grey. */
export function greyRgba(s: Slice, [lo, hi]: [number, number]): Uint8ClampedArray<ArrayBuffer> {
  const n = s.rows * s.cols;
  const out = new Uint8ClampedArray(new ArrayBuffer(n * 4));
  const span = hi - lo;
  for (let i = 0; i < n; i++) {
    const x = s.values[i]!;
    const g = span > 0 && Number.isFinite(x) ? Math.round(((x - lo) / span) * 255) : 128;
    out[i * 4] = g;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = g;
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** A matrix entry as a table shows it: integers as they are, others to 4 significant digits. */
export function formatEntry(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Number(x.toPrecision(4)).toString();
}

// The model's current prediction over the data panel's x axis, built from a parameter snapshot
// the way the experiment's DatasetView says (`fit`). Nothing non-finite is ever returned: a
// diverging snapshot draws no line rather than a line to Infinity.
import type { DatasetView, ParamMap } from '../../../shared/training';

export type XY = [number, number];

function factorial(i: number): number {
  let f = 1;
  for (let k = 2; k <= i; k++) f *= k;
  return f;
}

/** The pairs whose x and y are both finite. */
export function finitePairs(x: ArrayLike<number>, y: ArrayLike<number>): XY[] {
  const n = Math.min(x.length, y.length);
  const out: XY[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) out.push([x[i]!, y[i]!]);
  return out;
}

export function extent(values: ArrayLike<number>): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/**
 * Linear regression seen in the plane of one feature: y = w_f·x + (b + Σ_{j≠f} w_j·mean_j).
 * The other features are held at their mean (`featureMeans`, 0 when unknown: the book draws them
 * from N(0, 1)), which is the line through the middle of the 2-D slice the scatter shows.
 */
export function linearFit(
  params: ParamMap, fit: { weight: string; bias: string; featureIndex: number }, range: [number, number], featureMeans: readonly number[] = [],
): XY[] {
  const w = params[fit.weight]?.data;
  const b = params[fit.bias]?.data[0];
  if (!w || b === undefined || fit.featureIndex >= w.length) return [];
  let intercept = b;
  for (let j = 0; j < w.length; j++) if (j !== fit.featureIndex) intercept += w[j]! * (featureMeans[j] ?? 0);
  const slope = w[fit.featureIndex]!;
  const line: XY[] = range.map((x) => [x, slope * x + intercept]);
  return line.every(([, y]) => Number.isFinite(y)) ? line : [];
}

/** Σ w_i·x^i/i! on `steps` points across the range (polynomial regression, 4.4). */
export function polyFactorialFit(params: ParamMap, weight: string, range: [number, number], steps = 200): XY[] {
  const w = params[weight]?.data;
  if (!w || w.length === 0) return [];
  const out: XY[] = [];
  for (let s = 0; s < steps; s++) {
    const x = range[0] + ((range[1] - range[0]) * s) / (steps - 1);
    let y = 0;
    for (let i = 0; i < w.length; i++) y += (w[i]! * x ** i) / factorial(i);
    if (!Number.isFinite(y)) return [];
    out.push([x, y]);
  }
  return out;
}

/** The fitted line or curve for a snapshot, over the scatter's x range; [] when it cannot be drawn. */
export function fittedLine(view: DatasetView | undefined, params: ParamMap | undefined): XY[] {
  if (!view?.fit || !params || !view.scatter) return [];
  const xs = view.testScatter ? [...view.scatter.x, ...view.testScatter.x] : view.scatter.x;
  const range = extent(xs);
  if (!range) return [];
  return view.fit.kind === 'linear' ? linearFit(params, view.fit, range) : polyFactorialFit(params, view.fit.weight, range);
}

/** The range padded by 5% and rounded outwards to a step of 1, 2 or 5 × 10^k (for axis bounds). */
export function niceRange([lo, hi]: [number, number]): [number, number] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 8;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const pad = span * 0.05;
  return [Math.floor((lo - pad) / step) * step, Math.ceil((hi + pad) / step) * step];
}

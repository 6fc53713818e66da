// The model's current prediction over the data panel's x axis, built from a parameter snapshot
// the way the experiment's DatasetView says (`fit`). Nothing non-finite is ever returned: a
// diverging snapshot draws no line rather than a line to Infinity.
import { fitAt, type FitSpec } from '../../../shared/fit';
import type { DatasetView, ParamMap } from '../../../shared/training';

export type XY = [number, number];

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

/** The fit sampled on `steps` points across the range (a line needs only its two ends). */
export function sampleFit(fit: FitSpec, params: ParamMap, range: [number, number], steps = fit.kind === 'linear' ? 2 : 200): XY[] {
  const out: XY[] = [];
  for (let s = 0; s < steps; s++) {
    const x = range[0] + ((range[1] - range[0]) * s) / (steps - 1);
    const y = fitAt(fit, params, x);
    if (y === undefined || !Number.isFinite(y)) return [];
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
  return sampleFit(view.fit, params, range);
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

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

/**
 * The model line as it may be drawn inside the y range `[lo, hi]`: itself, or [] when the part
 * inside covers less than 2% of its x range. A diverged (or wildly early) model is a line so steep
 * that the chart would show a vertical stroke through the data, which says nothing true about it.
 */
export function visibleFit(points: readonly XY[], [lo, hi]: [number, number]): XY[] {
  if (points.length < 2) return [...points];
  const x0 = points[0]![0];
  const x1 = points[points.length - 1]![0];
  const span = x1 - x0;
  if (!(span > 0)) return [...points];
  let inside = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const [ax, ay] = points[i]!;
    const [bx, by] = points[i + 1]!;
    // The part of the segment whose y lies in [lo, hi], as a fraction t of the segment.
    let t0 = 0;
    let t1 = 1;
    const dy = by - ay;
    if (dy === 0) {
      if (ay < lo || ay > hi) continue;
    } else {
      const ta = (lo - ay) / dy;
      const tb = (hi - ay) / dy;
      t0 = Math.max(0, Math.min(ta, tb));
      t1 = Math.min(1, Math.max(ta, tb));
      if (t1 <= t0) continue;
    }
    inside += (t1 - t0) * (bx - ax);
  }
  return inside >= 0.02 * span ? [...points] : [];
}

// How a fitted model is evaluated at one x, for the fits an experiment's DatasetView declares. The
// experiments use it to make their data (4.4's true cubic) and the renderer to draw the fitted line
// or curve from a parameter snapshot, so both compute the same function.
import type { DatasetView, ParamMap } from './training';

export type FitSpec = NonNullable<DatasetView['fit']>;

export function factorial(i: number): number {
  let f = 1;
  for (let k = 2; k <= i; k++) f *= k;
  return f;
}

/** Σ w_i·x^i/i! (4.4's features x^i/i!, weighted; 4.4 has at most 20, so i! stays exact enough). */
export function polyFactorial(weights: ArrayLike<number>, x: number): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (weights[i]! * x ** i) / factorial(i);
  return sum;
}

/**
 * The model's prediction at `x` from the parameters, or undefined when the snapshot lacks them.
 * Linear fits are seen in the plane of one feature: y = w_f·x + (b + Σ_{j≠f} w_j·mean_j), the other
 * features held at their mean (`featureMeans`, 0 when unknown: the book draws them from N(0, 1)).
 */
export function fitAt(fit: FitSpec, params: ParamMap, x: number, featureMeans: readonly number[] = []): number | undefined {
  if (fit.kind === 'poly-factorial') {
    const w = params[fit.weight]?.data;
    return w && w.length > 0 ? polyFactorial(w, x) : undefined;
  }
  const w = params[fit.weight]?.data;
  const b = params[fit.bias]?.data[0];
  if (!w || b === undefined || fit.featureIndex >= w.length) return undefined;
  let intercept = b;
  for (let j = 0; j < w.length; j++) if (j !== fit.featureIndex) intercept += w[j]! * (featureMeans[j] ?? 0);
  return w[fit.featureIndex]! * x + intercept;
}

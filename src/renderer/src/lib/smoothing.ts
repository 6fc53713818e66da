// TensorBoard's scalar smoothing: an exponential moving average whose start is debiased, so the
// first points are not dragged towards 0. Non-finite inputs pass through unsmoothed and do not
// enter the average (the charts drop them anyway).

/**
 * `smoothed[i] = last_i / (1 − weight^n_i)` with `last_i = weight·last_{i−1} + (1 − weight)·x_i`
 * and `n_i` the finite points seen so far. weight 0 returns the input unchanged.
 */
export function emaSmooth(values: ArrayLike<number>, weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) {
    throw new RangeError(`smoothing weight must be ≥ 0 and < 1, got ${weight}`);
  }
  const out = new Array<number>(values.length);
  let first: number | undefined;
  let constant = true;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) continue;
    if (first === undefined) first = x;
    else if (x !== first) {
      constant = false;
      break;
    }
  }
  let last = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    // A constant series stays exactly constant (debiasing would otherwise add rounding noise).
    if (constant || !Number.isFinite(x)) {
      out[i] = x;
      continue;
    }
    last = last * weight + (1 - weight) * x;
    n++;
    out[i] = last / (1 - weight ** n);
  }
  return out;
}

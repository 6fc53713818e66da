// A metric as the book prints it, for run cards and their pinned results.

/** Metric formatting as the book prints it: 6 decimals, scientific below 1e-4. */
export function formatMetric(x: number | null | undefined): string {
  if (x === undefined) return '';
  if (x === null || !Number.isFinite(x)) return 'not finite';
  return Math.abs(x) >= 1e-4 || x === 0 ? x.toFixed(6) : x.toExponential(3);
}

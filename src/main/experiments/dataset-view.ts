// Helpers that turn tensors into what the data panels draw, bounded in size.

/** At most 2000 points per plotted series: enough to see the cloud, small enough to send often. */
export const MAX_POINTS = 2000;

/** Every k-th index, deterministic (no random draws, so the run's random stream is untouched). */
export function strideIndices(n: number, max = MAX_POINTS): number[] {
  const stride = Math.max(1, Math.ceil(n / max));
  const out: number[] = [];
  for (let i = 0; i < n; i += stride) out.push(i);
  return out;
}

/** Column `col` of a row-major (n, cols) array, at the given rows. */
export function column(values: Float32Array, cols: number, col: number, rows: readonly number[]): number[] {
  return rows.map((r) => values[r * cols + col]!);
}

/** `steps` evenly spaced points from lo to hi. */
export function grid(lo: number, hi: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => lo + ((hi - lo) * i) / (steps - 1));
}

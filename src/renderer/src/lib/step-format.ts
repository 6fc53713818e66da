// Number and colour formatting shared by step mode's views.

/** A value in 4 significant digits, switching to exponent form for very small or large ones. */
export function num(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(2);
}

/** A diverging scale for s in [−1, 1]: blue for negative, white at 0, red for positive. */
export function heatColor(s: number): [number, number, number] {
  const c = Math.max(-1, Math.min(1, Number.isFinite(s) ? s : 0));
  const k = Math.round(255 * (1 - Math.abs(c)));
  return c >= 0 ? [255, k, k] : [k, k, 255];
}

/** The same scale washed out, as a background that dark text stays readable on. */
export function tintColor(s: number): [number, number, number] {
  return heatColor(s).map((v) => Math.round(255 - (255 - v) * 0.4)) as [number, number, number];
}

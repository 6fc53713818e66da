// The axis look every chart shares (lines, labels and grid in the theme's muted colours), so a
// chart's option states only what is its own.
import type { ChartColors } from './theme-colors';
import { formatTick } from './loss-series';

export function axisStyle(c: ChartColors, nameTextStyle: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    axisLine: { lineStyle: { color: c.muted } },
    axisLabel: { color: c.muted },
    splitLine: { lineStyle: { color: c.grid } },
    nameTextStyle: { color: c.muted, ...nameTextStyle },
  };
}

/**
 * The accuracy chart's y axis: at least the book's Animator range [0.3, 0.9], widened to the data
 * (a first-epoch loss above 1), with bounds on whole steps of 0.1, 0.2 or 0.5 so every tick is the
 * same distance apart (free bounds gave 0.3, 0.4, 0.6, 0.8, 1, 1.1).
 */
export function accuracyAxis(values: readonly number[]): { min: number; max: number; interval: number } {
  const finite = values.filter((v) => Number.isFinite(v));
  const lo0 = Math.min(0.3, ...finite);
  const hi0 = Math.max(0.9, ...finite);
  const span = hi0 - lo0;
  const interval = span <= 1 ? 0.1 : span <= 2 ? 0.2 : span <= 5 ? 0.5 : 10 ** Math.ceil(Math.log10(span / 10));
  const round = (x: number): number => Number(x.toFixed(10));
  return { min: round(Math.floor(round(lo0 / interval)) * interval), max: round(Math.ceil(round(hi0 / interval)) * interval), interval };
}

/** Tick labels in the shared look, with `formatTick`'s short numbers (1e-4, not 0.0001000). */
export function tickLabels(c: ChartColors): Record<string, unknown> {
  return { color: c.muted, formatter: (v: number) => formatTick(v) };
}

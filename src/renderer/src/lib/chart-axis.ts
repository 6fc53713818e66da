// The axis look every chart shares (lines, labels and grid in the theme's muted colours), so a
// chart's option states only what is its own.
import type { ChartColors } from './theme-colors';

export function axisStyle(c: ChartColors, nameTextStyle: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    axisLine: { lineStyle: { color: c.muted } },
    axisLabel: { color: c.muted },
    splitLine: { lineStyle: { color: c.grid } },
    nameTextStyle: { color: c.muted, ...nameTextStyle },
  };
}

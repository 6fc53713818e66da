// What the line charts' options begin with, so each chart states only its grid, axes and series.
// No background (the panel's shows through) and no animation: the Chart wrapper replaces series
// data many times a second during training, and animating each replacement would lag behind it.
import type { ChartColors } from './theme-colors';

export interface ChartBaseOptions {
  /** How a number reads in the tooltip; the same digits as the chart's summary line. */
  format: (v: number) => string;
  /** 'item' for scatter plots, where one point, not one x position, is under the pointer. */
  trigger?: 'axis' | 'item';
  /** Legend settings beyond "at the top, in the theme's text colour". */
  legend?: Record<string, unknown>;
}

export function chartBase(c: ChartColors, { format, trigger = 'axis', legend = {} }: ChartBaseOptions): Record<string, unknown> {
  return {
    backgroundColor: 'transparent',
    animation: false,
    legend: { top: 0, textStyle: { color: c.text }, ...legend },
    tooltip: { trigger, valueFormatter: (v: unknown) => (typeof v === 'number' ? format(v) : String(v)) },
  };
}

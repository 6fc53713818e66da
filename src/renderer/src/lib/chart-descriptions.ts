// Each chart's "chart as data" description, built from the same series its ECharts option draws.
// Pure (no DOM, no ECharts), so summaries and tables are unit-tested without a canvas.
import type { Lang } from '../../../shared/api';
import type { XY } from './fit';
import { t } from './i18n';
import {
  csvFileName,
  formatSummaryNumber as num,
  mergeByX,
  pointsBySeries,
  type ChartDescription,
  type ChartSeries,
  type ChartTable,
  type NamedPoints,
} from './chart-table';

export interface LegendSeries extends NamedPoints {
  color?: string | undefined;
}

function legendOf(series: readonly LegendSeries[]): ChartSeries[] {
  const seen = new Set<string>();
  const out: ChartSeries[] = [];
  for (const s of series) {
    const name = s.series ?? s.name;
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ name, color: s.color });
  }
  return out;
}

/**
 * "Loss curve: 4 series, epoch 0.01 to 3. Latest: Train loss (epoch) 0.000102 at epoch 3; …".
 * Series are in x order, so the range and the latest values come from their ends.
 */
export function linesSummary(lang: Lang, title: string, xLabel: string, series: readonly NamedPoints[]): string {
  const drawn = series.filter((s) => s.points.length > 0);
  if (drawn.length === 0) return t(lang, 'summary.empty', { title });
  let from = Infinity;
  let to = -Infinity;
  for (const s of drawn) {
    from = Math.min(from, s.points[0]![0]);
    to = Math.max(to, s.points.at(-1)![0]);
  }
  const latest = drawn.map((s) => {
    const [x, y] = s.points.at(-1)!;
    return t(lang, 'summary.latest', { name: s.name, value: num(y), x: xLabel, at: num(x) });
  });
  return t(lang, 'summary.lines', {
    title,
    series: t(lang, 'summary.seriesCount', { n: drawn.length }),
    x: xLabel,
    from: num(from),
    to: num(to),
    latest: latest.join(lang === 'zh' ? '；' : '; '),
  });
}

/** Line charts whose series share an x axis: one row per x, one column per series. */
export function linesDescription(lang: Lang, title: string, xLabel: string, series: readonly LegendSeries[], opts: { zoom?: boolean; summarized?: readonly NamedPoints[] } = {}): ChartDescription {
  return {
    summary: linesSummary(lang, title, xLabel, opts.summarized ?? series),
    series: legendOf(series),
    zoom: opts.zoom ?? true,
    fileName: csvFileName(title),
    table: (hidden) => mergeByX(xLabel, series, hidden),
  };
}

/**
 * The loss chart: step losses and epoch losses on one epoch axis, with the step number beside
 * each row (an epoch's row is its last step).
 */
export function lossDescription(lang: Lang, title: string, series: readonly LegendSeries[], stepsPerEpoch: number): ChartDescription {
  const xLabel = t(lang, 'loss.xAxis');
  const perEpoch = stepsPerEpoch > 0 ? stepsPerEpoch : 1;
  const base = linesDescription(lang, title, xLabel, series);
  return {
    ...base,
    table: (hidden) => {
      const merged = mergeByX(xLabel, series, hidden);
      return {
        columns: [merged.columns[0]!, t(lang, 'chartData.step'), ...merged.columns.slice(1)],
        rows: merged.rows.map(([x, ...rest]) => [x!, Math.round((x as number) * perEpoch), ...rest]),
      };
    },
  };
}

/** Scatter plots: every point, one row each, with the lines drawn over them as their own rows. */
export function scatterDescription(lang: Lang, title: string, axes: { x: string; y: string }, series: readonly LegendSeries[], fit?: { slope: number; intercept: number }): ChartDescription {
  const points = series.filter((s) => s.points.length > 0);
  let summary: string;
  const scattered = points[0];
  if (!scattered) summary = t(lang, 'summary.empty', { title });
  else {
    let [xFrom, yFrom, xTo, yTo] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [x, y] of scattered.points) {
      xFrom = Math.min(xFrom, x);
      xTo = Math.max(xTo, x);
      yFrom = Math.min(yFrom, y);
      yTo = Math.max(yTo, y);
    }
    summary = t(lang, 'summary.scatter', { title, n: scattered.points.length, xFrom: num(xFrom), xTo: num(xTo), yFrom: num(yFrom), yTo: num(yTo) });
    if (fit) summary += ` ${t(lang, 'summary.fitLine', { slope: num(fit.slope), intercept: num(fit.intercept) })}`;
  }
  return {
    summary,
    series: legendOf(series),
    zoom: true,
    fileName: csvFileName(title),
    table: (hidden) => pointsBySeries([t(lang, 'chartData.seriesColumn'), axes.x, axes.y], series, hidden),
  };
}

/** The confusion matrix: rows are true classes, columns predictions, as the heatmap draws them. */
export function confusionDescription(lang: Lang, title: string, labels: readonly string[], confusion: readonly (readonly number[])[], correct: number, total: number, accuracy: string): ChartDescription {
  const table = (): ChartTable => ({
    columns: [t(lang, 'chartData.corner'), ...labels],
    rows: confusion.map((row, i) => [labels[i] ?? String(i), ...row]),
  });
  return {
    summary: confusion.length === 0 ? t(lang, 'summary.empty', { title }) : t(lang, 'summary.confusion', { title, n: confusion.length, correct, total, accuracy }),
    series: [],
    zoom: false,
    fileName: csvFileName(title),
    table,
  };
}

/** Compare: per run, the smoothed step losses and the epoch losses, both under the run's legend entry. */
export function compareDescription(lang: Lang, title: string, runs: ReadonlyArray<{ label: string; color?: string | undefined; smoothed: readonly XY[]; epochs: readonly XY[] }>): ChartDescription {
  const columns: LegendSeries[] = runs.flatMap((r) => [
    { name: t(lang, 'chartData.smoothedOf', { name: r.label }), series: r.label, color: r.color, points: r.smoothed },
    { name: t(lang, 'chartData.epochOf', { name: r.label }), series: r.label, color: r.color, points: r.epochs },
  ]);
  return linesDescription(lang, title, t(lang, 'loss.xAxis'), columns, {
    summarized: runs.map((r) => ({ name: r.label, points: r.epochs })),
  });
}

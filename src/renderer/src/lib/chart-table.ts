// A chart as data: what every chart hands its figure next to its ECharts option, so the figure can
// offer the same numbers as text (summary), as a table, as CSV, and name the series a keyboard can
// hide. The table is a function: it is built only when someone opens it or downloads it, never on
// every live training update.
import type { XY } from './fit';

export type Cell = number | string | null;

/** A table's first column holds each row's header (the x value, or a class name). */
export interface ChartTable {
  columns: string[];
  rows: Cell[][];
}

/** A series a reader can hide: its legend name (ECharts toggles series by name) and its colour. */
export interface ChartSeries {
  name: string;
  color?: string | undefined;
}

export interface ChartDescription {
  /** One or two sentences: what is plotted, its ranges, its latest values. */
  summary: string;
  /** Legend entries, in legend order; empty for a chart without a legend (the heatmap). */
  series: ChartSeries[];
  /** Whether zoom controls make sense (an x axis of values). */
  zoom: boolean;
  /** The CSV's file name, without the extension. */
  fileName: string;
  /** The data shown, without the series named in `hidden`. */
  table: (hidden: ReadonlySet<string>) => ChartTable;
}

export interface NamedPoints {
  /** The column's (or, in a long table, the series cell's) name. */
  name: string;
  /** The legend entry it belongs to, when several columns share one (a run's steps and epochs). */
  series?: string;
  points: readonly XY[];
}

const isHidden = (s: NamedPoints, hidden: ReadonlySet<string>): boolean => hidden.has(s.series ?? s.name);

/**
 * One row per x value any shown series has, one column per shown series (empty where a series has
 * no point at that x): the natural table for line charts that share an x axis.
 */
export function mergeByX(xLabel: string, series: readonly NamedPoints[], hidden: ReadonlySet<string> = new Set()): ChartTable {
  const shown = series.filter((s) => !isHidden(s, hidden));
  const byX = new Map<number, Cell[]>();
  shown.forEach((s, col) => {
    for (const [x, y] of s.points) {
      let row = byX.get(x);
      if (!row) {
        row = new Array<Cell>(shown.length).fill(null);
        byX.set(x, row);
      }
      row[col] = y;
    }
  });
  const rows = [...byX.entries()].sort((a, b) => a[0] - b[0]).map(([x, values]) => [x, ...values]);
  return { columns: [xLabel, ...shown.map((s) => s.name)], rows };
}

/**
 * One row per point, the series named in a column: the table for scatter plots, whose series do
 * not share x values.
 */
export function pointsBySeries(columns: [series: string, x: string, y: string], series: readonly NamedPoints[], hidden: ReadonlySet<string> = new Set()): ChartTable {
  const rows: Cell[][] = [];
  for (const s of series) {
    if (isHidden(s, hidden)) continue;
    for (const [x, y] of s.points) rows.push([s.name, x, y]);
  }
  return { columns: [...columns], rows };
}

/** A number as a table shows it: 6 significant digits, no trailing zeros. */
export function formatCell(v: Cell): string {
  if (v === null) return '—';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

/** A number as a summary speaks it: 4 significant digits ("0.000102", "2.315"). */
export function formatSummaryNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v);
}

function csvField(v: Cell): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV (CRLF line ends), full precision; an empty field where a series has no value. */
export function toCsv(table: ChartTable): string {
  return [table.columns, ...table.rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A file name from a title: letters (any script), digits and dashes. */
export function csvFileName(title: string): string {
  const slug = title
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return slug === '' ? 'chart' : slug;
}

export const TABLE_PAGE_SIZE = 100;

export interface TablePage {
  rows: Cell[][];
  /** 0-based page shown, clamped into range. */
  page: number;
  pages: number;
  /** 1-based first and last row numbers shown (0, 0 for an empty table). */
  first: number;
  last: number;
  total: number;
}

/** One page of rows: long tables (thousands of step losses) are shown a page at a time. */
export function tablePage(table: ChartTable, page: number, size = TABLE_PAGE_SIZE): TablePage {
  const total = table.rows.length;
  const pages = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(0, Math.floor(page)), pages - 1);
  const rows = table.rows.slice(p * size, (p + 1) * size);
  return { rows, page: p, pages, first: total === 0 ? 0 : p * size + 1, last: p * size + rows.length, total };
}

/** Zoom window in percent of the x axis, as ECharts' dataZoom takes it. */
export interface ZoomWindow {
  start: number;
  end: number;
}

export const FULL_ZOOM: ZoomWindow = { start: 0, end: 100 };
const MIN_ZOOM_WIDTH = 1;

function clampWindow(center: number, width: number): ZoomWindow {
  const w = Math.min(100, Math.max(MIN_ZOOM_WIDTH, width));
  const start = Math.min(100 - w, Math.max(0, center - w / 2));
  return { start, end: start + w };
}

/** Keyboard zoom: in halves the window around its centre, out doubles it, pan moves it by a quarter. */
export function zoomStep(current: ZoomWindow, action: 'in' | 'out' | 'left' | 'right' | 'reset'): ZoomWindow {
  const width = current.end - current.start;
  const center = (current.start + current.end) / 2;
  switch (action) {
    case 'in':
      return clampWindow(center, width / 2);
    case 'out':
      return clampWindow(center, width * 2);
    case 'left':
      return clampWindow(center - width / 4, width);
    case 'right':
      return clampWindow(center + width / 4, width);
    case 'reset':
      return { ...FULL_ZOOM };
  }
}

// Rows of the parameter readout: every learned value next to its true value and the book's
// error, true − learned (e(w), e(b)). Large parameters (200 weights in 4.5) are summarised.
import type { ParamMap } from '../../../shared/training';

export interface ReadoutRow {
  /** e.g. "0.weight[1]" or "b". */
  label: string;
  learned: number;
  truth?: number;
  /** truth − learned, as the book prints it. */
  error?: number;
}

export interface ReadoutSummary {
  name: string;
  shape: number[];
  norm: number;
}

/** Parameters with more entries than this are shown as a norm, not value by value. */
export const MAX_LISTED = 8;

export function readoutRows(params: ParamMap | undefined, truth: Record<string, number[]> | undefined): { rows: ReadoutRow[]; summaries: ReadoutSummary[] } {
  const rows: ReadoutRow[] = [];
  const summaries: ReadoutSummary[] = [];
  if (!params) return { rows, summaries };
  for (const [name, p] of Object.entries(params)) {
    if (p.data.length > MAX_LISTED) {
      summaries.push({ name, shape: p.shape, norm: Math.sqrt(p.data.reduce((s, x) => s + x * x, 0)) });
      continue;
    }
    const t = truth?.[name];
    p.data.forEach((learned, i) => {
      const row: ReadoutRow = { label: p.data.length > 1 ? `${name}[${i}]` : name, learned };
      const tv = t?.[i];
      if (tv !== undefined) {
        row.truth = tv;
        row.error = tv - learned;
      }
      rows.push(row);
    });
  }
  return { rows, summaries };
}

/** Fixed-width enough to compare, short enough to read: 6 significant digits, exponent when tiny. */
export function formatValue(x: number | undefined): string {
  if (x === undefined) return '—';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e6) return x.toExponential(3);
  return String(Number(x.toPrecision(6)));
}

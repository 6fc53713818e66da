// What differs between runs being compared: the hyperparameters (and seed) whose values are not
// the same in every run, in the catalog's order.
import type { RunConfig } from '../../../shared/runs';

export interface DiffRow {
  key: string;
  /** One value per run, in the runs' order; undefined where a run lacks the key. */
  values: Array<number | undefined>;
}

export function differingSettings(configs: readonly RunConfig[], order: readonly string[] = []): DiffRow[] {
  const keys = new Set<string>();
  for (const c of configs) for (const k of Object.keys(c.hyperparameters)) keys.add(k);
  const sorted = [...keys].sort((a, b) => rank(order, a) - rank(order, b) || a.localeCompare(b));
  const rows: DiffRow[] = [];
  for (const key of sorted) {
    const values = configs.map((c) => c.hyperparameters[key]);
    if (new Set(values).size > 1) rows.push({ key, values });
  }
  const seeds = configs.map((c) => c.seed);
  if (new Set(seeds).size > 1) rows.push({ key: 'seed', values: seeds });
  if (new Set(configs.map((c) => c.experiment)).size > 1) {
    // Different experiments: every value differs in meaning; the experiment row says so.
    rows.unshift({ key: 'experiment', values: configs.map(() => undefined) });
  }
  return rows;
}

function rank(order: readonly string[], key: string): number {
  const i = order.indexOf(key);
  return i < 0 ? order.length : i;
}

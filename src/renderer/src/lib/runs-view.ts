// How the runs list narrows and arranges the saved runs: by experiment and status, without the runs
// cancelled before they started (unless asked), grouped by experiment, each run labelled with the
// hyperparameters that tell it apart from the other runs of its experiment. Pure, for unit tests.
import { cancelledBeforeStart, type RunListItem, type RunStatus } from '../../../shared/runs';

export interface RunsFilter {
  /** An experiment id, or 'all'. */
  experiment: string;
  status: RunStatus | 'all';
  showUnstarted: boolean;
}

export const ALL_RUNS: RunsFilter = { experiment: 'all', status: 'all', showUnstarted: false };

export interface RunGroup {
  experiment: string;
  section: string;
  items: RunListItem[];
  /** The hyperparameter keys (and `seed`) whose values differ between the group's runs. */
  keys: string[];
}

export interface RunsView {
  groups: RunGroup[];
  /** Runs cancelled before their first step that the filter hides (offered as "show N"). */
  hiddenUnstarted: number;
  shown: number;
}

/** Keys whose values are not the same in every item, in the order the first run lists them. */
export function distinguishingKeys(items: readonly Pick<RunListItem, 'hyperparameters' | 'seed'>[]): string[] {
  if (items.length < 2) return [];
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    for (const key of Object.keys(item.hyperparameters)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const first = items[0]!.hyperparameters[key];
      if (items.some((other) => other.hyperparameters[key] !== first)) keys.push(key);
    }
  }
  if (items.some((other) => other.seed !== items[0]!.seed)) keys.push('seed');
  return keys;
}

/** `lr 0.1 · epochs 10`: the given keys' values, numbers in at most 4 significant digits. */
export function hyperparameterLabel(item: Pick<RunListItem, 'hyperparameters' | 'seed'>, keys: readonly string[]): string {
  return keys
    .map((key) => {
      const value = key === 'seed' ? item.seed : item.hyperparameters[key];
      return value === undefined ? `${key} —` : `${key} ${formatValue(value)}`;
    })
    .join(' · ');
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** Items keep their order (pinned first, newest first); groups follow their first item. */
export function arrangeRuns(items: readonly RunListItem[], filter: RunsFilter): RunsView {
  let hiddenUnstarted = 0;
  const groups: RunGroup[] = [];
  const byExperiment = new Map<string, RunGroup>();
  let shown = 0;
  for (const item of items) {
    if (filter.experiment !== 'all' && item.experiment !== filter.experiment) continue;
    if (filter.status !== 'all' && item.status !== filter.status) continue;
    if (!filter.showUnstarted && cancelledBeforeStart(item)) {
      hiddenUnstarted++;
      continue;
    }
    let group = byExperiment.get(item.experiment);
    if (!group) {
      group = { experiment: item.experiment, section: item.section, items: [], keys: [] };
      byExperiment.set(item.experiment, group);
      groups.push(group);
    }
    group.items.push(item);
    shown++;
  }
  for (const group of groups) group.keys = distinguishingKeys(group.items);
  return { groups, hiddenUnstarted, shown };
}

/** The experiments and statuses present, for the filter menus (with how many runs each). */
export function filterChoices(items: readonly RunListItem[]): { experiments: Array<{ id: string; section: string; count: number }>; statuses: RunStatus[] } {
  const experiments = new Map<string, { id: string; section: string; count: number }>();
  const statuses = new Set<RunStatus>();
  for (const item of items) {
    const e = experiments.get(item.experiment);
    if (e) e.count++;
    else experiments.set(item.experiment, { id: item.experiment, section: item.section, count: 1 });
    statuses.add(item.status);
  }
  const sectionOrder = (s: string): number[] => s.split('.').map(Number);
  const list = [...experiments.values()].sort((a, b) => {
    const x = sectionOrder(a.section);
    const y = sectionOrder(b.section);
    for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  return { experiments: list, statuses: (['completed', 'cancelled', 'diverged', 'failed'] as const).filter((s) => statuses.has(s)) };
}

// Pure helpers that shape the experiment catalog for display.
import { compareSections } from '../../../shared/sections';
import type { ExperimentSpec, HyperparameterSpec } from '../../../shared/experiment-spec';

export interface ChapterGroup {
  chapter: string;
  experiments: ExperimentSpec[];
}

/** Groups by the chapter part of the section ("3.3" → "3"), in book order. */
export function groupByChapter(experiments: readonly ExperimentSpec[]): ChapterGroup[] {
  const groups = new Map<string, ExperimentSpec[]>();
  const sorted = [...experiments].sort((a, b) => compareSections(a.section, b.section));
  for (const e of sorted) {
    const chapter = e.section.split('.')[0] ?? e.section;
    const list = groups.get(chapter) ?? [];
    list.push(e);
    groups.set(chapter, list);
  }
  return [...groups].map(([chapter, list]) => ({ chapter, experiments: list }));
}

export function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(6)));
}

/** "0 < x ≤ 1000" or "1 ≤ x ≤ 100". */
export function formatRange(spec: HyperparameterSpec): string {
  return `${formatNumber(spec.min)} ${spec.minExclusive ? '<' : '≤'} x ≤ ${formatNumber(spec.max)}`;
}

export { compareSections };

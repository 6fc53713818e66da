// How a saved run is named in lists, legends and headings: its title, else its experiment's title.
import type { Lang } from '../../../shared/api';
import type { ExperimentSpec } from '../../../shared/experiment-spec';
import type { RunListItem } from '../../../shared/runs';

export function runName(item: Pick<RunListItem, 'title' | 'experiment'>, experiments: readonly ExperimentSpec[] | undefined, lang: Lang): string {
  if (item.title) return item.title;
  const exp = experiments?.find((e) => e.id === item.experiment);
  return exp ? exp.title[lang] : item.experiment;
}

// What the polite live region says (issue 21), built from plain values so it can be tested
// without a page: a training run's progress and outcome, and how many notes a search found.
import type { Lang } from '../../../shared/api';
import type { EpochPoint } from './chart-data';
import { formatDuration } from './eta';
import { formatLoss } from './loss-series';
import { percent } from './classify-view';
import { t, type MessageKey } from './i18n';

export interface ProgressFacts {
  /** The epoch that just ended, with its metrics (accuracies for classifiers). */
  last: EpochPoint;
  epochs: number;
  /** Milliseconds left at the pace so far; undefined while there is no pace yet. */
  etaMs?: number | undefined;
}

function accuracies(lang: Lang, e: EpochPoint): string[] {
  const parts: string[] = [];
  if (typeof e.trainAccuracy === 'number' && Number.isFinite(e.trainAccuracy)) parts.push(t(lang, 'announce.trainAcc', { acc: percent(e.trainAccuracy) }));
  if (typeof e.testAccuracy === 'number' && Number.isFinite(e.testAccuracy)) parts.push(t(lang, 'announce.testAcc', { acc: percent(e.testAccuracy) }));
  return parts;
}

/** "Epoch 2 of 10: loss 0.512, train accuracy 81.2%, test accuracy 80.1%. About 12 s left." */
export function progressAnnouncement(lang: Lang, { last, epochs, etaMs }: ProgressFacts): string {
  const loss = last.loss === null ? '—' : formatLoss(last.loss);
  // Each accuracy clause carries its own leading comma; the sentence ends in the language's full stop.
  const sentence = `${t(lang, 'announce.epoch', { epoch: last.epoch, epochs, loss })}${accuracies(lang, last).join('')}${lang === 'zh' ? '。' : '.'}`;
  if (etaMs === undefined || !Number.isFinite(etaMs)) return sentence;
  return `${sentence}${lang === 'zh' ? '' : ' '}${t(lang, 'announce.eta', { time: formatDuration(etaMs) })}`;
}

const OUTCOME_KEYS: Record<string, MessageKey> = {
  completed: 'outcome.completed',
  cancelled: 'outcome.cancelled',
  diverged: 'outcome.diverged',
};

/** "Training completed. Final training loss 0.41. Test accuracy 82.3%." */
export function outcomeAnnouncement(lang: Lang, status: string, last: EpochPoint | undefined): string {
  const parts = [t(lang, OUTCOME_KEYS[status] ?? 'outcome.failed')];
  if (last && last.loss !== null) parts.push(t(lang, 'outcome.finalLoss', { loss: formatLoss(last.loss) }));
  if (last && typeof last.testAccuracy === 'number' && Number.isFinite(last.testAccuracy)) parts.push(t(lang, 'outcome.finalTestAcc', { acc: percent(last.testAccuracy) }));
  return parts.join(lang === 'zh' ? '' : ' ');
}

/** "3 results for “relu”", or its Chinese; the query is cut so a pasted page is not read out whole. */
export function searchAnnouncement(lang: Lang, count: number, query: string): string {
  const q = query.length > 60 ? `${query.slice(0, 60)}…` : query;
  const key: MessageKey = count === 0 ? 'search.announceNone' : count === 1 ? 'search.announceOne' : 'search.announceMany';
  return t(lang, key, { n: count, query: q });
}

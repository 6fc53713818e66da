// One way to show a moment everywhere (runs list, saved-run bar, pinned results): in the UI's
// language, with the conventions of the learner's own locale for it (en-GB writes "2 Dec, 14:05",
// en-US "Dec 2, 2:05 PM"), to the minute, the year only when it is not this year.
import type { Lang } from '../../../shared/api';

/** The locale to format in: the first preferred locale of the UI's language, else its default. */
export function localeFor(lang: Lang, preferred: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? []): string {
  const own = preferred.find((l) => l.toLowerCase().split('-')[0] === lang);
  return own ?? (lang === 'zh' ? 'zh-CN' : 'en');
}

export function formatDateTime(when: string | Date, lang: Lang, opts: { now?: Date; preferred?: readonly string[] } = {}): string {
  const d = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(d.getTime())) return String(when);
  const now = opts.now ?? new Date();
  return new Intl.DateTimeFormat(localeFor(lang, opts.preferred), {
    ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }),
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(d);
}

/** The full moment, seconds included, for a tooltip. */
export function formatDateTimeFull(when: string | Date, lang: Lang, preferred?: readonly string[]): string {
  const d = typeof when === 'string' ? new Date(when) : when;
  if (Number.isNaN(d.getTime())) return String(when);
  return new Intl.DateTimeFormat(localeFor(lang, preferred), { dateStyle: 'long', timeStyle: 'medium' }).format(d);
}

// Book sections ("3.2", "3.10", "4.1.2") and languages as the book's readers name them.
import type { Lang } from './api';

/** Orders sections numerically, part by part ("3.2" < "3.10" < "4"). */
export function compareSections(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** zh for a Chinese locale tag (`zh`, `zh-CN`, `zh_TW.UTF-8`), else en. */
export function langOfLocale(locale: string | undefined): Lang {
  return locale && /^zh(\b|[-_])/i.test(locale) ? 'zh' : 'en';
}

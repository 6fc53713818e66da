// The language the desktop app starts in before the learner picks one: the first of the OS's
// preferred languages (what the system's language settings list first), else the app locale.
import type { Lang } from '../../shared/api';
import { langOfLocale } from '../../shared/sections';

export interface LocaleSource {
  getPreferredSystemLanguages(): string[];
  getLocale(): string;
}

export function systemLangOf(app: LocaleSource): Lang {
  return langOfLocale(app.getPreferredSystemLanguages()[0] ?? app.getLocale());
}

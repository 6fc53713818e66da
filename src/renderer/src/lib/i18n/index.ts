// Every UI string in both languages, one table per part of the UI (each English table defines its
// keys; its Chinese table must have exactly the same ones, which the type enforces).
import type { Lang } from '../../../../shared/api';
import * as app from './app';
import * as chapters from './chapters';
import * as charts from './charts';
import * as notes from './notes';
import * as step from './step';

const en = { ...app.en, ...notes.en, ...chapters.en, ...step.en, ...charts.en };

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = { ...app.zh, ...notes.zh, ...chapters.zh, ...step.zh, ...charts.zh };

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, zh };

/** Looks up a string and fills `{name}` placeholders. */
export function t(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Chapter headings known to the UI; unknown chapters fall back to "Chapter N". */
export function chapterTitle(lang: Lang, chapter: string): string {
  const key = `chapter.${chapter}`;
  return key in en ? t(lang, key as MessageKey) : t(lang, 'chapter.label', { n: chapter });
}

/** The names the language switch shows, each in its own language. */
export const LANG_NAMES: Record<Lang, string> = { en: 'English', zh: '中文' };

// The built-in study notes (`notes/<lang>/<section>-<slug>.md` at the repository root) are bundled
// into the main process at build time, so the app, the CLI and the tests read the same text with no
// file lookup at run time. File `3.3-linreg-concise.md` becomes note id `d2l-3-3-linreg-concise`.
import type { Lang } from '../../../shared/api';
import { BUILTIN_PREFIX } from '../../../shared/notes';
import { compareSections } from '../../../shared/sections';
import { titleOfMarkdown } from './txt-to-markdown';

export interface BuiltinNote {
  id: string;
  section: string;
  /** Markdown by language; at least one is present. */
  text: Partial<Record<Lang, string>>;
}

const FILES = import.meta.glob('../../../../notes/*/*.md', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

const FILE_NAME = /\/notes\/(zh|en)\/((\d+(?:\.\d+)*)-[a-z0-9-]+)\.md$/;

/** Built from the bundled files; a file whose name does not follow the pattern is a build mistake. */
export function loadBuiltinNotes(files: Record<string, string> = FILES): BuiltinNote[] {
  const byId = new Map<string, BuiltinNote>();
  for (const [path, text] of Object.entries(files)) {
    const m = FILE_NAME.exec(path);
    if (!m) throw new Error(`built-in note ${path}: file names must look like notes/zh/3.3-some-topic.md`);
    const lang = m[1] as Lang;
    const id = BUILTIN_PREFIX + m[2]!.replace(/\./g, '-');
    const note = byId.get(id) ?? { id, section: m[3]!, text: {} };
    note.text[lang] = text.replace(/\r\n?/g, '\n');
    byId.set(id, note);
  }
  return [...byId.values()].sort((a, b) => compareSections(a.section, b.section) || a.id.localeCompare(b.id));
}

export function builtinTitle(note: BuiltinNote, lang: Lang): string {
  const text = note.text[lang] ?? note.text[lang === 'zh' ? 'en' : 'zh'] ?? '';
  return titleOfMarkdown(text, note.id);
}

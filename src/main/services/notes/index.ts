// The notes service behind `notes.*` and `d2l-workbench notes`: built-in notes (read-only,
// bundled) and the learner's own notes as `<dataDir>/notes/<id>.md`, with pinned run results in
// `<dataDir>/notes/.pins/<id>.json`. Ids are validated before any path is built from them.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import * as v from 'valibot';
import { WorkbenchError, type Lang } from '../../../shared/api';
import {
  BUILTIN_PREFIX, NOTE_LIMITS, isBuiltinId, isNoteId, notePinsFileSchema,
  type NoteDoc, type NotePin, type NotePinAction, type NoteSearchHit, type NoteSummary,
} from '../../../shared/notes';
import { isAbandonedTemp, writeFileAtomic } from './atomic-write';
import { readRegularText, UnreadableFileError } from '../../files/safe-read';
import { jsonShapeProblem } from '../../files/json-shape';
import { builtinTitle, loadBuiltinNotes, type BuiltinNote } from './builtin';
import { searchDocs, type SearchableDoc } from './search';
import { titleOfMarkdown, txtToMarkdown } from './txt-to-markdown';

export { txtToMarkdown } from './txt-to-markdown';

const PINS_DIR = '.pins';
/** At most 4 UTF-8 bytes per character: a larger file cannot be a note the app wrote. */
const NOTE_FILE_BYTES = NOTE_LIMITS.markdownChars * 4;
/** 50 pins of a few hundred bytes each, with generous room. */
const PINS_FILE_BYTES = 1024 * 1024;

function notFound(id: string): WorkbenchError {
  return new WorkbenchError({ code: 'not-found', message: `no note "${id}"` });
}

function checkId(id: string): void {
  if (!isNoteId(id)) {
    throw new WorkbenchError({ code: 'invalid-payload', message: `invalid note id ${JSON.stringify(String(id).slice(0, 80))}: must be 1–64 of a-z, 0-9 and "-", starting with a letter or digit` });
  }
}

function checkOwnId(id: string): void {
  checkId(id);
  if (isBuiltinId(id)) {
    throw new WorkbenchError({ code: 'forbidden', message: `note "${id}" is built in and read-only; ids starting with "${BUILTIN_PREFIX}" are reserved` });
  }
}

/** A readable id from a title or file name: ASCII letters and digits kept, the rest dashes. */
export function slugify(text: string, fallback = 'note'): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  const id = slug === '' ? fallback : slug;
  return isBuiltinId(id) ? `my-${id}`.slice(0, 48) : id;
}

export class NotesService {
  readonly notesDir: string;
  private readonly builtin: BuiltinNote[];

  constructor(readonly dataDir: string, builtin: BuiltinNote[] = loadBuiltinNotes()) {
    this.notesDir = join(dataDir, 'notes');
    this.builtin = builtin;
  }

  private ownPath(id: string): string {
    checkOwnId(id);
    return join(this.notesDir, `${id}.md`);
  }

  private pinsPath(id: string): string {
    checkId(id);
    return join(this.notesDir, PINS_DIR, `${id}.json`);
  }

  private findBuiltin(id: string): BuiltinNote | undefined {
    return this.builtin.find((n) => n.id === id);
  }

  /**
   * An own note's text, or undefined when there is no such note. A note file that is not a regular
   * file (a FIFO, a link, a socket) or is too large to be a note is reported, never opened in a way
   * that could block: see files/safe-read.ts.
   */
  private async readOwn(id: string): Promise<{ markdown: string; updatedAt: string } | undefined> {
    const path = this.ownPath(id);
    let markdown: string;
    try {
      markdown = await readRegularText(path, { maxBytes: NOTE_FILE_BYTES });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      if (err instanceof UnreadableFileError) {
        throw new WorkbenchError({ code: 'internal', message: `note "${id}" cannot be read: ${path} ${err.message}; delete it or replace it with a Markdown file` });
      }
      throw err;
    }
    const info = await lstat(path).catch(() => undefined);
    return { markdown, updatedAt: (info?.mtime ?? new Date()).toISOString() };
  }

  /** Whether an own note file (readable or not) exists: delete must work on a broken one too. */
  private async ownExists(id: string): Promise<boolean> {
    const info = await lstat(this.ownPath(id)).catch(() => undefined);
    return info !== undefined && !info.isDirectory();
  }

  private ownSummary(id: string, markdown: string, updatedAt: string): NoteSummary {
    const title = titleOfMarkdown(markdown, id);
    return { id, source: 'own', title: { zh: title, en: title }, updatedAt, chars: markdown.length };
  }

  private builtinSummary(note: BuiltinNote): NoteSummary {
    const chars = Math.max(note.text.zh?.length ?? 0, note.text.en?.length ?? 0);
    return { id: note.id, source: 'builtin', section: note.section, title: { zh: builtinTitle(note, 'zh'), en: builtinTitle(note, 'en') }, chars };
  }

  private async ownIds(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.notesDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names
      .filter((n) => n.endsWith('.md') && !n.startsWith('.'))
      .map((n) => n.slice(0, -3))
      .filter((id) => isNoteId(id) && !isBuiltinId(id))
      .sort();
  }

  /**
   * Built-in notes in book order, then own notes by id. A note file that cannot be read (a FIFO,
   * a link, far too large) is left out of the list, with a warning naming it; the good ones are listed.
   */
  async list(): Promise<NoteSummary[]> {
    const own: NoteSummary[] = [];
    for (const id of await this.ownIds()) {
      try {
        const note = await this.readOwn(id);
        if (note) own.push(this.ownSummary(id, note.markdown, note.updatedAt));
      } catch (err) {
        console.warn(`notes: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return [...this.builtin.map((n) => this.builtinSummary(n)), ...own];
  }

  async get(id: string, lang: Lang): Promise<NoteDoc> {
    checkId(id);
    const pins = await this.readPins(id);
    const builtin = this.findBuiltin(id);
    if (builtin) {
      const shown: Lang = builtin.text[lang] !== undefined ? lang : lang === 'zh' ? 'en' : 'zh';
      return { ...this.builtinSummary(builtin), lang: shown, markdown: builtin.text[shown]!, readOnly: true, pins };
    }
    if (isBuiltinId(id)) throw notFound(id);
    const own = await this.readOwn(id);
    if (!own) throw notFound(id);
    return { ...this.ownSummary(id, own.markdown, own.updatedAt), lang, markdown: own.markdown, readOnly: false, pins };
  }

  async save(id: string, markdown: string): Promise<NoteSummary> {
    const path = this.ownPath(id);
    if (!(await this.readOwn(id))) throw notFound(id);
    checkLength(markdown);
    await writeFileAtomic(path, markdown);
    return this.ownSummary(id, markdown, new Date().toISOString());
  }

  private async uniqueId(base: string): Promise<string> {
    const taken = new Set(await this.ownIds());
    if (!taken.has(base)) return base;
    for (let n = 2; n < 10_000; n++) {
      const id = `${base}-${n}`;
      if (!taken.has(id)) return id;
    }
    throw new WorkbenchError({ code: 'internal', message: `too many notes named like "${base}"` });
  }

  private async createWith(baseId: string, markdown: string): Promise<NoteSummary> {
    checkLength(markdown);
    await mkdir(this.notesDir, { recursive: true });
    const id = await this.uniqueId(baseId);
    await writeFileAtomic(this.ownPath(id), markdown);
    return this.ownSummary(id, markdown, new Date().toISOString());
  }

  async create(title: string, markdown?: string): Promise<NoteSummary> {
    const clean = title.replace(/\s+/g, ' ').trim().slice(0, NOTE_LIMITS.titleChars);
    return this.createWith(slugify(clean), markdown ?? `# ${clean}\n\n`);
  }

  /** `.txt` goes through txtToMarkdown; Markdown is kept as it is. */
  async import(name: string, text: string): Promise<NoteSummary> {
    const base = name.replace(/^.*[\\/]/, '');
    const ext = /\.(md|markdown|txt)$/i.exec(base);
    if (!ext) throw new WorkbenchError({ code: 'invalid-payload', message: `cannot import "${base.slice(0, 80)}": only .md, .markdown and .txt files` });
    const clean = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').replace(/\u0000/g, '');
    const markdown = ext[1]!.toLowerCase() === 'txt' ? txtToMarkdown(clean) : clean;
    return this.createWith(slugify(base.slice(0, -ext[0].length)), markdown);
  }

  async rename(id: string, to: string): Promise<NoteSummary> {
    const from = this.ownPath(id);
    const dest = this.ownPath(to);
    const own = await this.readOwn(id);
    if (!own) throw notFound(id);
    if (id === to) return this.ownSummary(id, own.markdown, own.updatedAt);
    if (await lstat(dest).catch(() => undefined)) {
      throw new WorkbenchError({ code: 'invalid-payload', message: `cannot rename "${id}" to "${to}": a note with that id exists` });
    }
    await rename(from, dest);
    await rename(this.pinsPath(id), this.pinsPath(to)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    return this.ownSummary(to, own.markdown, own.updatedAt);
  }

  /** Deletes an own note, readable or not (a broken note file must not be stuck in the folder). */
  async delete(id: string): Promise<{ ok: true }> {
    const path = this.ownPath(id);
    if (!(await this.ownExists(id))) throw notFound(id);
    await rm(path);
    await rm(this.pinsPath(id), { force: true });
    return { ok: true };
  }

  async search(query: string): Promise<NoteSearchHit[]> {
    const docs: SearchableDoc[] = [];
    for (const id of await this.ownIds()) {
      // Search what can be read; list() names the notes that cannot.
      const own = await this.readOwn(id).catch(() => undefined);
      if (own) docs.push({ id, source: 'own', lang: 'zh', title: titleOfMarkdown(own.markdown, id), markdown: own.markdown });
    }
    for (const note of this.builtin) {
      for (const lang of ['zh', 'en'] as const) {
        const markdown = note.text[lang];
        if (markdown !== undefined) docs.push({ id: note.id, source: 'builtin', lang, title: builtinTitle(note, lang), markdown });
      }
    }
    // Own notes carry no language of their own: report them in the language the query is written in.
    const queryLang: Lang = /[\u3400-\u9fff]/.test(query) ? 'zh' : 'en';
    return searchDocs(docs, query, NOTE_LIMITS.maxHits).map((h) => (h.source === 'own' ? { ...h, lang: queryLang } : h));
  }

  private async readPins(id: string): Promise<NotePin[]> {
    let text: string;
    try {
      text = await readRegularText(this.pinsPath(id), { maxBytes: PINS_FILE_BYTES });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      if (err instanceof UnreadableFileError) {
        // Like a damaged pins file: the note stays usable, and the next pin replaces the odd file.
        console.warn(`ignoring pins file ${this.pinsPath(id)}: it ${err.message}`);
        return [];
      }
      throw err;
    }
    let parsed: unknown;
    try {
      // 50 pins nest 4 deep and hold a few thousand values: anything far past that is not a pins file.
      parsed = jsonShapeProblem(Buffer.from(text), { maxDepth: 16, maxValues: 100_000 }) ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const checked = v.safeParse(notePinsFileSchema, parsed);
    if (!checked.success) {
      // A damaged pins file must not lock the note: say so and start over (the next pin rewrites it).
      console.warn(`ignoring unreadable pins file ${this.pinsPath(id)}: ${checked.issues[0]?.message ?? 'not JSON'}`);
      return [];
    }
    return checked.output.pins;
  }

  async pin(action: NotePinAction): Promise<NotePin[]> {
    const { id } = action;
    checkId(id);
    if (!this.findBuiltin(id) && (isBuiltinId(id) || !(await this.readOwn(id)))) throw notFound(id);
    let pins = await this.readPins(id);
    if ('add' in action) {
      const pin: NotePin = { ...action.add, pinId: `p-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`, pinnedAt: new Date().toISOString() };
      pins = [...pins, pin].slice(-NOTE_LIMITS.pinsPerNote);
    } else {
      const before = pins.length;
      pins = pins.filter((p) => p.pinId !== action.remove);
      if (pins.length === before) throw new WorkbenchError({ code: 'not-found', message: `note "${id}" has no pin "${action.remove}"` });
    }
    await mkdir(join(this.notesDir, PINS_DIR), { recursive: true });
    await writeFileAtomic(this.pinsPath(id), `${JSON.stringify({ version: 1, pins }, null, 2)}\n`);
    return pins;
  }

  /** Removes temp files a crash left behind (the app and the CLI call this at start). */
  async cleanupTemp(): Promise<void> {
    for (const dir of [this.notesDir, join(this.notesDir, PINS_DIR)]) {
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const n of names) if (isAbandonedTemp(n)) await rm(join(dir, n), { force: true });
    }
  }
}

function checkLength(markdown: string): void {
  if (markdown.length > NOTE_LIMITS.markdownChars) {
    throw new WorkbenchError({ code: 'invalid-payload', message: `a note may hold at most ${NOTE_LIMITS.markdownChars} characters, got ${markdown.length}` });
  }
}

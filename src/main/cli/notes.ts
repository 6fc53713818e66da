// `d2l-workbench notes …`: list, show, import, export and delete notes, so notes are scriptable like runs.
// Built-in notes can be shown and exported (in either language); own notes live in the data dir.
import { stat, writeFile } from 'node:fs/promises';
import { langOfLocale } from '../../shared/sections';
import { basename, resolve } from 'node:path';
import type { Lang } from '../../shared/api';
import { NOTE_LIMITS, importedNoteId, isNoteId } from '../../shared/notes';
import { resolveDataDir } from '../data-dir';
import { NotesService } from '../services/notes';
import { readRegularText } from '../files/safe-read';
import { expectPositionals, parseArgs, splitSubcommand, UsageError, type FlagSpecs } from './args';
import type { CliIo } from './io';
import { errorMessage } from '../../shared/error-message';
import { MissingFileError } from './exit-codes';

const SUBCOMMANDS = ['list', 'show', 'import', 'export', 'delete'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const COMMON: FlagSpecs = { json: { kind: 'boolean' }, 'data-dir': { kind: 'string' }, lang: { kind: 'string', allowed: ['zh', 'en'] } };
const FLAGS: Record<Sub, FlagSpecs> = {
  list: COMMON,
  show: COMMON,
  import: { ...COMMON, replace: { kind: 'boolean' } },
  export: { ...COMMON, out: { kind: 'string' } },
  delete: { json: { kind: 'boolean' }, 'data-dir': { kind: 'string' } },
};

function checkNoteId(id: string): string {
  if (!isNoteId(id)) throw new UsageError(`note id must be 1–64 of a-z, 0-9 and "-", got ${JSON.stringify(String(id).slice(0, 80))}`);
  return id;
}

/** The language of a shown or exported built-in note: --lang, else the locale, else English. */
function langFrom(flag: unknown, env = process.env): Lang {
  if (flag === 'zh' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return langOfLocale(locale);
}

export async function notesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { sub, rest } = splitSubcommand<Sub>(argv, SUBCOMMANDS, 'list');
  const parsed = parseArgs(rest, FLAGS[sub]);
  const notes = new NotesService(resolveDataDir(parsed.flags['data-dir'] as string | undefined));
  const json = Boolean(parsed.flags.json);
  const lang = langFrom(parsed.flags.lang);

  if (sub === 'list') {
    expectPositionals(parsed, 0, 0, 'd2l-workbench notes [list] [--json] [--data-dir DIR]');
    const list = await notes.list();
    if (json) {
      io.out(`${JSON.stringify({ notesDir: notes.notesDir, notes: list }, null, 2)}\n`);
      return 0;
    }
    const width = Math.max(...list.map((n) => n.id.length));
    for (const n of list) io.out(`${n.id.padEnd(width)}  ${n.source === 'builtin' ? 'built-in' : 'own     '}  ${n.title[lang]}\n`);
    if (!list.some((n) => n.source === 'own')) io.out(`(no own notes yet in ${notes.notesDir})\n`);
    return 0;
  }

  if (sub === 'show') {
    const [raw] = expectPositionals(parsed, 1, 1, 'd2l-workbench notes show ID [--lang zh|en] [--json]');
    const doc = await notes.get(checkNoteId(raw!), lang);
    io.out(json ? `${JSON.stringify(doc, null, 2)}\n` : doc.markdown.endsWith('\n') ? doc.markdown : `${doc.markdown}\n`);
    return 0;
  }

  if (sub === 'delete') {
    // Works on a note the app cannot open or render (a damaged file, a note that crashes KaTeX).
    const [raw] = expectPositionals(parsed, 1, 1, 'd2l-workbench notes delete ID [--data-dir DIR]');
    await notes.delete(checkNoteId(raw!));
    io.out(json ? `${JSON.stringify({ id: raw, deleted: true })}\n` : `deleted note ${raw}\n`);
    return 0;
  }

  if (sub === 'import') {
    const [file] = expectPositionals(parsed, 1, 1, 'd2l-workbench notes import FILE [--replace] [--json]');
    const path = resolve(file!);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) throw new MissingFileError(path);
    // At most 4 UTF-8 bytes per character: anything larger cannot fit the character cap.
    if (info.size > NOTE_LIMITS.markdownChars * 4) throw new UsageError(`${path} is ${info.size} bytes; notes may hold at most ${NOTE_LIMITS.markdownChars} characters`);
    // Non-blocking open and a regular-file check on the opened file: a FIFO named like a note is refused, not waited on.
    const text = await readRegularText(path, { maxBytes: NOTE_LIMITS.markdownChars * 4, followSymlinks: true }).catch((err: unknown) => {
      throw new UsageError(`${path} ${errorMessage(err)}`);
    });
    const replace = parsed.flags['replace'] === true;
    const summary = await notes.import(basename(path), text, { replace });
    const firstId = importedNoteId(basename(path));
    // A second note beside the first is never made silently: say so, and how to replace instead.
    const kept = !replace && summary.id !== firstId ? ` (note ${firstId} exists and was kept; --replace writes over it)` : '';
    io.out(json ? `${JSON.stringify(summary)}\n` : `imported ${path} as note ${summary.id} ("${summary.title.zh}")${kept}\n`);
    return 0;
  }

  const [raw] = expectPositionals(parsed, 1, 1, 'd2l-workbench notes export ID [--out FILE] [--lang zh|en]');
  const doc = await notes.get(checkNoteId(raw!), lang);
  const out = resolve(typeof parsed.flags.out === 'string' ? parsed.flags.out : `${doc.id}.md`);
  await writeFile(out, doc.markdown, 'utf8');
  const bytes = Buffer.byteLength(doc.markdown, 'utf8');
  io.out(json ? `${JSON.stringify({ id: doc.id, lang: doc.lang, file: out, bytes })}\n` : `wrote ${out} (${bytes} bytes)\n`);
  return 0;
}

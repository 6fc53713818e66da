// Notes as the contract sees them: the built-in study notes shipped with the app (read-only, zh and
// en) and the learner's own Markdown notes in `<dataDir>/notes/`. Ids double as file names, so the
// pattern never admits `.`, `/` or `\`; built-in ids carry the reserved `d2l-` prefix so an own
// note can never shadow one.
import * as v from 'valibot';
import type { Lang } from './api';
import { FORBIDDEN_KEYS, refuseForbiddenKeys } from './training-schema';

export const NOTE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const BUILTIN_PREFIX = 'd2l-';

export const NOTE_LIMITS = {
  /** Characters of Markdown per note: at 3 UTF-8 bytes per CJK character this stays under the 1 MiB message cap. */
  markdownChars: 300_000,
  titleChars: 200,
  fileNameChars: 255,
  queryChars: 200,
  maxHits: 50,
  pinsPerNote: 50,
  maxEpochsInPin: 10_000,
  maxParamValues: 64,
  labelChars: 300,
} as const;

export type NoteSource = 'builtin' | 'own';

export interface NoteSummary {
  id: string;
  source: NoteSource;
  /** Book section for built-in notes ("3.3", "0"); own notes have none. */
  section?: string;
  /** Own notes show the same title in both languages. */
  title: { zh: string; en: string };
  /** ISO time of the last save (own notes). */
  updatedAt?: string;
  chars: number;
}

/** A run's final numbers kept with a note, shown under the note's run card for that experiment. */
export interface NotePin {
  pinId: string;
  experiment: string;
  runId: string;
  pinnedAt: string;
  status: 'completed' | 'cancelled' | 'diverged' | 'failed';
  epochs: number;
  hyperparameters: Record<string, number>;
  seed: number;
  /** null when the loss was not finite. */
  finalLoss: number | null;
  finalTestLoss?: number | null;
  weightNorm?: number | null;
  /** true − learned, like the book's e(w) and e(b). */
  errors?: { w: number[]; b: number[] };
  backend: string;
}

export type NotePinInput = Omit<NotePin, 'pinId' | 'pinnedAt'>;

export interface NoteDoc extends NoteSummary {
  /** Language of `markdown`: the asked-for one when the built-in note has it; own notes: the UI's. */
  lang: Lang;
  markdown: string;
  readOnly: boolean;
  pins: NotePin[];
}

export interface NoteSearchHit {
  id: string;
  source: NoteSource;
  lang: Lang;
  title: string;
  /** The heading of the section the match is in ('' before the first heading). */
  heading: string;
  /** Plain text around the match, at most ~120 characters. */
  snippet: string;
}

export type NotePinAction = { id: string; add: NotePinInput } | { id: string; remove: string };

export function isNoteId(id: unknown): id is string {
  return typeof id === 'string' && NOTE_ID_PATTERN.test(id);
}

export function isBuiltinId(id: string): boolean {
  return id.startsWith(BUILTIN_PREFIX);
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

const IMPORTABLE = /\.(md|markdown|txt)$/i;

/** The id an imported file gets (before making it unique), or undefined for a file that cannot be imported.
 * Shared so the page can see that a file was imported before and ask: replace or keep both. */
export function importedNoteId(fileName: string): string | undefined {
  const base = fileName.replace(/^.*[\\/]/, '');
  const ext = IMPORTABLE.exec(base);
  return ext ? slugify(base.slice(0, -ext[0].length)) : undefined;
}

const ID_MESSAGE = 'note id must be 1–64 of a-z, 0-9 and "-", starting with a letter or digit';

/** Ids become object keys on the way (lists, caches): JavaScript's reserved ones are refused by name. */
const notReserved = (what: string) =>
  v.check((id: string) => !FORBIDDEN_KEYS.includes(id), (issue) => `${what} "${String(issue.input)}" is not allowed (${FORBIDDEN_KEYS.join(', ')} are reserved words)`);

export const noteIdSchema = v.pipe(v.string(), v.regex(NOTE_ID_PATTERN, ID_MESSAGE), notReserved('note id'));
/** Ids an own note may take: never the built-in prefix. */
export const ownNoteIdSchema = v.pipe(
  noteIdSchema,
  v.check((id) => !isBuiltinId(id), `own note ids may not start with "${BUILTIN_PREFIX}" (reserved for the built-in notes)`),
);
export const langSchema = v.picklist(['zh', 'en'] as const);
export const markdownSchema = v.pipe(v.string(), v.maxLength(NOTE_LIMITS.markdownChars, `a note may hold at most ${NOTE_LIMITS.markdownChars} characters`));
const finite = v.pipe(v.number(), v.finite());
const metric = v.nullable(finite);
const label = v.pipe(v.string(), v.maxLength(NOTE_LIMITS.labelChars));
const paramValues = v.pipe(v.array(finite), v.maxLength(NOTE_LIMITS.maxParamValues));
const KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export const notePinInputSchema = v.strictObject({
  experiment: v.pipe(v.string(), v.regex(NOTE_ID_PATTERN, 'experiment id must be 1–64 of a-z, 0-9 and "-"')),
  runId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{1,64}$/, 'run id must be 1–64 of letters, digits and "-"')),
  status: v.picklist(['completed', 'cancelled', 'diverged', 'failed'] as const),
  epochs: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(NOTE_LIMITS.maxEpochsInPin)),
  hyperparameters: v.pipe(
    v.unknown(),
    refuseForbiddenKeys('hyperparameter name'),
    v.record(v.pipe(v.string(), v.regex(KEY, 'hyperparameter names are identifiers')), finite),
    v.check((r) => Object.keys(r).length <= 64, 'at most 64 hyperparameters'),
  ),
  seed: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 31 - 1)),
  finalLoss: metric,
  finalTestLoss: v.optional(metric),
  weightNorm: v.optional(metric),
  errors: v.optional(v.strictObject({ w: paramValues, b: paramValues })),
  backend: label,
});

export const notePinSchema = v.strictObject({
  ...notePinInputSchema.entries,
  pinId: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/)),
  pinnedAt: v.pipe(v.string(), v.maxLength(40)),
});

export const notePinsFileSchema = v.strictObject({
  version: v.literal(1),
  pins: v.pipe(v.array(notePinSchema), v.maxLength(NOTE_LIMITS.pinsPerNote)),
});

/** A snippet's id: its file name in notes/demos without `.ts`. */
export const demoIdSchema = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'demo ids are 1–64 of a-z, 0-9 and "-"'), notReserved('demo id'));

export interface NoteDemo {
  id: string;
  /** The lines between `// demo:start` and `// demo:end`, dedented. */
  code: string;
}

export interface NoteDemoRun {
  id: string;
  /** One line per print() call. */
  lines: string[];
  /** The error that ended the snippet, when one did (its lines so far are kept). */
  error?: string;
}

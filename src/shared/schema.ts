// Runtime validation of everything that crosses the renderer/main boundary. Each request name maps
// to a schema of its payload; the record's type forces one entry per request in api.ts.
import * as v from 'valibot';
import { NOTE_LIMITS, demoIdSchema, langSchema, markdownSchema, noteIdSchema, notePinInputSchema, ownNoteIdSchema } from './notes';
import type { EventName, Events, Payload, RequestName, WorkbenchErrorData } from './api';
import { runIdSchema, trainingFinishedSchema, trainingProgressSchema, trainingSavedSchema, trainingRequestSchema } from './training-schema';
import { EXPORT_FORMATS, runIdSchema as savedRunId, runPatchSchema } from './runs';
import { datasetImportSchema, datasetSamplesSchema } from './datasets-schema';
import { experimentProgramRequestSchema } from './programs';
import { MAX_STEP_REQUEST } from './step';

type PayloadSchemas = { [K in RequestName]: v.GenericSchema<unknown, Payload<K>> };
type EventSchemas = { [E in EventName]: v.GenericSchema<unknown, Events[E]> };

/** Caps that keep a hostile peer from making the main process allocate without bound. */
export const LIMITS = {
  /** One WebSocket message; uploads (bundles, dataset files) travel base64 inside one. */
  messageBytes: 64 << 20,
  stringChars: 10_000,
  /** A file sent through the contract, as base64 characters (≈ 45 MiB of bytes). */
  fileBase64Chars: 60 << 20,
  /**
   * One reply, as JSON characters. The largest the book's runs need is a few MB (the dropout MLP's
   * 270k parameters); past this a reply is refused with a `too-large` error naming both sizes.
   */
  replyBytes: 32 << 20,
  /** Parameter values one runs.params reply may carry (the book's largest model has 270k). */
  paramValuesPerReply: 1 << 20,
  /** A file (export, bundle) sent as a reply, before base64: 4/3 of it must fit in replyBytes. */
  downloadBytes: 24 << 20,
} as const;

const filePayloadSchema = v.strictObject({
  fileName: v.pipe(v.string(), v.maxLength(255, 'fileName must be at most 255 characters')),
  base64: v.pipe(
    v.string(),
    v.maxLength(LIMITS.fileBase64Chars, `file must be at most ${LIMITS.fileBase64Chars} base64 characters`),
    v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'file contents must be base64'),
  ),
});

/** Payloads of the notes.* requests; the field schemas come from shared/notes. */
const notesRequestSchemas = {
  'notes.list': v.null(),
  'notes.get': v.strictObject({ id: noteIdSchema, lang: langSchema }),
  'notes.save': v.strictObject({ id: ownNoteIdSchema, markdown: markdownSchema }),
  'notes.create': v.strictObject({
    title: v.pipe(v.string(), v.trim(), v.minLength(1, 'a new note needs a title'), v.maxLength(NOTE_LIMITS.titleChars)),
    markdown: v.optional(markdownSchema),
  }),
  'notes.rename': v.strictObject({ id: ownNoteIdSchema, to: ownNoteIdSchema }),
  'notes.delete': v.strictObject({ id: ownNoteIdSchema }),
  'notes.import': v.strictObject({
    name: v.pipe(
      v.string(),
      v.maxLength(NOTE_LIMITS.fileNameChars),
      v.regex(/\.(md|markdown|txt)$/i, 'only Markdown (.md, .markdown) and text (.txt) files can be imported'),
    ),
    text: markdownSchema,
    replace: v.optional(v.boolean()),
  }),
  'notes.search': v.strictObject({
    query: v.pipe(v.string(), v.trim(), v.minLength(1, 'search for at least one character'), v.maxLength(NOTE_LIMITS.queryChars)),
  }),
  'notes.pin': v.union([
    v.strictObject({ id: noteIdSchema, add: notePinInputSchema }),
    v.strictObject({ id: noteIdSchema, remove: v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,64}$/, 'pin ids are 1–64 of a-z, 0-9 and "-"')) }),
  ]),
  'notes.demo': v.strictObject({ id: demoIdSchema }),
  'notes.runDemo': v.strictObject({ id: demoIdSchema }),
} as const;

export const requestSchemas: PayloadSchemas = {
  ...notesRequestSchemas,
  'app.info': v.null(),
  'experiments.list': v.null(),
  'experiments.program': experimentProgramRequestSchema,
  'training.start': trainingRequestSchema,
  'training.cancel': runIdSchema,
  'training.list': v.null(),
  'training.step': v.strictObject({
    request: trainingRequestSchema,
    step: v.pipe(v.number(), v.integer('step must be a whole number'), v.minValue(1, 'step must be ≥ 1'),
      v.maxValue(MAX_STEP_REQUEST, `step must be ≤ ${MAX_STEP_REQUEST}`)),
  }),
  'runs.list': v.null(),
  'runs.get': v.strictObject({ id: savedRunId }),
  'runs.params': v.strictObject({ id: savedRunId }),
  'runs.update': v.strictObject({ id: savedRunId, patch: runPatchSchema }),
  'runs.delete': v.strictObject({ id: savedRunId }),
  'runs.export': v.strictObject({ id: savedRunId, format: v.picklist(EXPORT_FORMATS, `format must be one of ${EXPORT_FORMATS.join(', ')}`) }),
  'runs.bundle': v.strictObject({ id: savedRunId }),
  'runs.exportProject': v.strictObject({ id: savedRunId }),
  'runs.import': filePayloadSchema,
  'datasets.status': v.null(),
  'datasets.import': datasetImportSchema,
  'datasets.samples': datasetSamplesSchema,
};

export const eventSchemas: EventSchemas = {
  'app.notice': v.strictObject({
    level: v.picklist(['info', 'warning', 'error']),
    message: v.pipe(v.string(), v.maxLength(LIMITS.stringChars)),
  }),
  'training.progress': trainingProgressSchema,
  'training.finished': trainingFinishedSchema,
  'training.saved': trainingSavedSchema,
  'runs.changed': v.null(),
};

export const REQUEST_NAMES = Object.keys(requestSchemas) as RequestName[];
export const EVENT_NAMES = Object.keys(eventSchemas) as EventName[];

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestSchemas, name);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: WorkbenchErrorData };

/** Validates a request name and payload; never throws. */
export function checkRequest(name: unknown, payload: unknown): Checked<{ name: RequestName; payload: unknown }> {
  if (!isRequestName(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 80)) : typeof name;
    return { ok: false, error: { code: 'unknown-request', message: `unknown request ${shown}; known: ${REQUEST_NAMES.join(', ')}` } };
  }
  const parsed = v.safeParse(requestSchemas[name], payload);
  if (!parsed.success) {
    // A union (notes.pin) reports only "Expected Object but received Object": name what its
    // first branch found wrong instead, which is the branch a well-formed request meant.
    const flat = parsed.issues.flatMap((issue) => (issue.type === 'union' && issue.issues?.length ? issue.issues : [issue]));
    // valibot quotes the received value; a 60 MB string must not come back in the reply.
    const issues = flat.slice(0, 20).map((issue) => ({
      path: clip(v.getDotPath(issue) ?? '', 200),
      message: clip(issue.message, 300),
    }));
    const first = issues[0];
    const where = first && first.path ? ` at ${first.path}` : '';
    return {
      ok: false,
      error: { code: 'invalid-payload', message: `invalid payload for ${name}${where}: ${first?.message ?? 'rejected'}`, issues },
    };
  }
  return { ok: true, value: { name, payload: parsed.output } };
}

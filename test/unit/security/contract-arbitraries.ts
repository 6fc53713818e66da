// fast-check generators for hostile contract traffic, shared by the IPC and WebSocket fuzz tests:
// hostile values (wrong types, long strings, big arrays, deep nesting, prototype-pollution keys),
// payloads that are invalid BY CONSTRUCTION for each request (so the test knows the handler must
// not run without asking the schema), unknown request names, and a spying wrapper around the
// real handlers.
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ErrorCode, Reply, RequestName } from '../../../src/shared/api';
import { REQUEST_NAME_LIST } from '../../../src/shared/names';
import { EXPORT_FORMATS, RUN_ID_PATTERN } from '../../../src/shared/runs';
import type { Handlers } from '../../../src/main/dispatch';
import { createHandlers } from '../../../src/main/handlers';

/** Runs per property: a few hundred in `npm test`, FUZZ_RUNS=10000 in `npm run fuzz`. */
export const FUZZ_RUNS = positiveInt(process.env.FUZZ_RUNS, 150);
/**
 * Per-test time limit that grows with the run count. At least two minutes: the default count
 * takes seconds alone, but on a loaded machine (the whole suite on two busy cores) 30 s was close.
 */
export const FUZZ_TIMEOUT_MS = Math.max(120_000, FUZZ_RUNS * 30);
/** Fixed by default so a failure in CI replays; FUZZ_SEED=random explores new ground. */
export const FUZZ_SEED = process.env.FUZZ_SEED === 'random' ? Date.now() : positiveInt(process.env.FUZZ_SEED, 0x9d2);

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`expected a whole number ≥ 1, got ${JSON.stringify(raw)}`);
  return n;
}

export const ERROR_CODES: readonly ErrorCode[] = ['invalid-payload', 'unknown-request', 'forbidden', 'internal', 'not-found', 'too-large'];

/** fast-check's settings for every property: the run count and a seed, so a failure replays. */
export const FUZZ_PARAMS = { numRuns: FUZZ_RUNS, seed: FUZZ_SEED };

/**
 * A test that asserts one fast-check property with FUZZ_PARAMS under the fuzz timeout. `property`
 * is built when the test runs, so set-up it needs (arbitraries, fake windows) belongs inside it.
 */
export function itFuzzes<Ts>(title: string, property: () => fc.IAsyncProperty<Ts>): void {
  it(title, async () => {
    await fc.assert(property(), FUZZ_PARAMS);
  }, FUZZ_TIMEOUT_MS);
}

/** A refused request's reply: not ok, one of the typed codes (this one, if given), a message. */
export function expectTypedError(reply: Reply<unknown>, code?: string): void {
  expect(reply.ok).toBe(false);
  if (reply.ok) return;
  expect(ERROR_CODES).toContain(reply.error.code);
  if (code) expect(reply.error.code).toBe(code);
  expect(typeof reply.error.message).toBe('string');
  expect(reply.error.message.length).toBeGreaterThan(0);
}
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;
/** The property a successful pollution would add to every object. */
export const POLLUTION_MARK = 'd2lFuzzPolluted';

/** Sets an own enumerable property even for `__proto__` (a plain assignment would set the prototype). */
export function withOwn<T extends object>(target: T, key: string, value: unknown): T {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  return target;
}

function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { a: v };
  return v;
}

const longString = fc.integer({ min: 10_001, max: 30_000 }).map((n) => 'x'.repeat(n));
const bigArray = fc.integer({ min: 101, max: 3000 }).map((n) => Array.from({ length: n }, (_, i) => i));
const deep = fc.tuple(fc.integer({ min: 30, max: 1500 }), fc.boolean()).map(([d, asArray]) => nested(d, 1, asArray));
const trickyStrings = fc.constantFrom('', '..', '../../etc/passwd', '/', 'C:\\x', 'a\u0000b', '%2e%2e%2f', 'RUN-1', 'run/1', ' run-1', '\u202e', 'toString', ...PROTO_KEYS);
const pollutionPayload = fc.constant({ [POLLUTION_MARK]: 'yes' });

export const keyArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...PROTO_KEYS, 'toString', 'hasOwnProperty', 'valueOf', 'id', 'name', 'payload', 'title', 'pinned', 'files'),
  fc.string({ maxLength: 12 }),
);

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 2 ** 53, -1, 1e308),
  fc.string({ maxLength: 30 }),
  trickyStrings,
);

/** Anything a hostile peer could send: every JSON shape and then some. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    longString,
    bigArray,
    deep,
    fc.tuple(fc.constantFrom(...PROTO_KEYS), pollutionPayload).map(([k, v]) => withOwn({}, k, v)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(keyArb, tie('value')), { maxLength: 4 }).map((entries) => {
      const o: Record<string, unknown> = {};
      for (const [k, v] of entries) withOwn(o, k, v);
      return o;
    }),
  ),
})).value;

/** What a value becomes after a trip through JSON (the WebSocket transport). */
export function jsonRoundTrip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.parse(text);
}

// ---- payloads that are invalid by construction -------------------------------------------------

/** Never a string, never undefined (an absent optional field is valid). */
const notString = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({ a: 1 }));
const notNumber = fc.oneof(fc.constant(null), fc.boolean(), fc.string({ maxLength: 8 }), fc.array(fc.integer(), { maxLength: 3 }), fc.constant({ n: 1 }));
const notBoolean = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 8 }), fc.constant([]), fc.constant({}));
const notObject = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 8 }));
const notArray = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 8 }), fc.constant({ 0: 'a', length: 1 }));
const between = (min: number, max: number): fc.Arbitrary<string> => fc.integer({ min, max }).map((n) => 'a'.repeat(n));

type Kind = 'savedId' | 'trainingId' | 'hyperparameters' | 'seed' | 'patch' | 'format' | 'fileName' | 'base64' | 'files' | 'split' | 'indices'
  | 'noteId' | 'ownNoteId' | 'lang' | 'markdown' | 'noteTitle' | 'noteFileName' | 'query' | 'pin' | 'pinId'
  | 'trainingRequest' | 'stepNumber';
interface Field {
  kind: Kind;
  optional?: boolean;
}

const validFile = { fileName: 'train-labels-idx1-ubyte.gz', base64: 'AAAA' };
const badFile: fc.Arbitrary<unknown> = fc.oneof(
  notObject,
  fc.record({ fileName: notString, base64: fc.constant('AAAA') }),
  fc.record({ fileName: fc.constant('a'), base64: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) }),
  fc.constant({ fileName: 'a' }),
  fc.constant({ ...validFile, extra: true }),
);

const validPin = {
  experiment: 'linreg-concise', runId: 'run-1', status: 'completed', epochs: 3, hyperparameters: { epochs: 3 },
  seed: 42, finalLoss: 0.0001, backend: 'TypeScript',
};
const badNoteId = fc.oneof(
  notString,
  fc.string({ maxLength: 80 }).filter((s) => !/^[a-z0-9][a-z0-9-]{0,63}$/.test(s)),
  fc.constantFrom('', '..', '../notes', 'a/b', 'A', '-a', 'a.md', 'a'.repeat(65), 'a\u0000', ...PROTO_KEYS),
);

const INVALID: Record<Kind, fc.Arbitrary<unknown>> = {
  trainingRequest: fc.oneof(
    notObject,
    fc.record({ experiment: notString, hyperparameters: fc.constant({}) }),
    fc.constant({ experiment: 'linreg-concise', hyperparameters: { epochs: 'x' } }),
    fc.constant({ experiment: 'linreg-concise', hyperparameters: {}, extra: 1 }),
  ),
  stepNumber: fc.oneof(notNumber, fc.constantFrom(0, -1, 1.5, 100_001, Number.MAX_SAFE_INTEGER)),
  noteId: badNoteId,
  ownNoteId: fc.oneof(badNoteId, fc.constantFrom('d2l-3-1-linreg', 'd2l-x')),
  lang: fc.oneof(notString, fc.constantFrom('', 'fr', 'ZH', 'zh-CN')),
  markdown: fc.oneof(notString, between(300_001, 300_050)),
  noteTitle: fc.oneof(notString, fc.constantFrom('', '   '), between(201, 400)),
  noteFileName: fc.oneof(notString, fc.constantFrom('', 'a.exe', 'a.md.html', 'md', '.txt.sh'), between(256, 400).map((s) => `${s}.md`)),
  query: fc.oneof(notString, fc.constantFrom('', '   '), between(201, 400)),
  pin: fc.oneof(
    notObject,
    // Not NaN: JSON turns it into null, which a pin may hold (a diverged run has no final loss).
    fc.record({ finalLoss: fc.oneof(fc.string({ maxLength: 4 }), fc.constant(true)) }).map((bad) => ({ ...validPin, ...bad })),
    fc.constant({ ...validPin, extra: 1 }),
    fc.constant({ ...validPin, experiment: '../x' }),
    fc.constant({ ...validPin, hyperparameters: { __proto__x: 1 } }),
    fc.constant({ ...validPin, errors: { w: Array.from({ length: 65 }, () => 0), b: [] } }),
    fc.constantFrom(...PROTO_KEYS).map((k) => withOwn({ ...validPin }, k, { [POLLUTION_MARK]: 'yes' })),
  ),
  pinId: fc.oneof(notString, fc.constantFrom('', 'P-1', '../p', 'a'.repeat(65))),
  savedId: fc.oneof(
    notString,
    fc.string({ maxLength: 80 }).filter((s) => !RUN_ID_PATTERN.test(s)),
    // `constructor` and `prototype` are valid folder names; only `__proto__` is not a run id.
    fc.constantFrom('', '..', '../run', 'run/1', 'Run-1', 'run_1', 'a'.repeat(65), 'run-1\u0000', '__proto__'),
  ),
  trainingId: fc.oneof(notString, fc.constant(''), between(101, 400)),
  hyperparameters: fc.oneof(
    fc.constant(null), fc.boolean(), fc.integer(), fc.string({ maxLength: 8 }),
    fc.record({ epochs: notNumber }),
    fc.integer({ min: 33, max: 80 }).map((n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1]))),
    between(101, 200).map((k) => ({ [k]: 1 })),
  ),
  seed: notNumber,
  patch: fc.oneof(
    notObject,
    fc.record({ title: notString }),
    fc.record({ note: notString }),
    fc.record({ pinned: notBoolean }),
    between(201, 600).map((title) => ({ title })),
    between(10_001, 12_000).map((note) => ({ note })),
    fc.constantFrom(...PROTO_KEYS, 'owner').map((k) => withOwn({ title: 'x' }, k, { [POLLUTION_MARK]: 'yes' })),
  ),
  format: fc.oneof(notString, fc.string({ maxLength: 12 }).filter((s) => !(EXPORT_FORMATS as readonly string[]).includes(s)), fc.constant('JSON')),
  fileName: fc.oneof(notString, between(256, 600)),
  base64: fc.oneof(notString, fc.string({ minLength: 1, maxLength: 40 }).filter((s) => !/^[A-Za-z0-9+/]*={0,2}$/.test(s)), fc.constant('AA==A')),
  files: fc.oneof(
    notArray,
    fc.constant([]),
    fc.integer({ min: 5, max: 9 }).map((n) => Array.from({ length: n }, () => ({ ...validFile }))),
    fc.array(badFile, { minLength: 1, maxLength: 4 }),
  ),
  split: fc.oneof(notString, fc.constantFrom('TRAIN', 'validation', '', 'train ')),
  indices: fc.oneof(
    notArray,
    fc.array(fc.oneof(fc.integer({ max: -1 }), fc.constantFrom(0.5, 1.5, -0.1), notNumber), { minLength: 1, maxLength: 5 }),
    fc.integer({ min: 101, max: 400 }).map((n) => Array.from({ length: n }, (_, i) => i)),
  ),
};

// Partial on purpose: a request added to the contract keeps `tsc` green, and the test
// 'every contract request has a fuzz shape' names it until it gets an entry in both tables.
/** One valid payload per request: the starting point that mutations break in exactly one place. */
export const VALID_PAYLOADS: Partial<Record<RequestName, unknown>> = {
  'app.info': null,
  'experiments.list': null,
  'experiments.program': { experiment: 'linreg-concise', hyperparameters: { lr: 0.1 }, seed: 3 },
  'training.start': { experiment: 'linreg-concise', hyperparameters: { epochs: 1 }, seed: 3 },
  'training.cancel': { runId: 'run-1' },
  'training.list': null,
  'training.step': { request: { experiment: 'linreg-concise', hyperparameters: { epochs: 1, samples: 20 }, seed: 3 }, step: 1 },
  'runs.list': null,
  'runs.get': { id: 'run-1' },
  'runs.params': { id: 'run-1' },
  'runs.update': { id: 'run-1', patch: { title: 'x' } },
  'runs.delete': { id: 'run-1' },
  'runs.export': { id: 'run-1', format: 'json' },
  'runs.bundle': { id: 'run-1' },
  'runs.exportProject': { id: 'run-1' },
  'runs.import': { fileName: 'a.d2lrun', base64: 'AAAA' },
  'datasets.status': null,
  'datasets.import': { files: [validFile] },
  'datasets.samples': { split: 'train', indices: [0] },
  'notes.list': null,
  'notes.get': { id: 'd2l-3-1-linreg', lang: 'zh' },
  'notes.save': { id: 'mine', markdown: '# x' },
  'notes.create': { title: 'x' },
  'notes.rename': { id: 'mine', to: 'ours' },
  'notes.delete': { id: 'mine' },
  'notes.import': { name: 'a.md', text: '# a' },
  'notes.search': { query: '梯度下降' },
  'notes.pin': { id: 'd2l-3-3-linreg-concise', add: validPin },
  'notes.demo': { id: '2-1-tensors' },
  'notes.runDemo': { id: '2-1-tensors' },
};

const SHAPES: Partial<Record<RequestName, Record<string, Field> | null>> = {
  'app.info': null,
  'experiments.list': null,
  'experiments.program': { experiment: { kind: 'trainingId' }, hyperparameters: { kind: 'hyperparameters', optional: true }, seed: { kind: 'seed', optional: true } },
  'training.start': { experiment: { kind: 'trainingId' }, hyperparameters: { kind: 'hyperparameters' }, seed: { kind: 'seed', optional: true } },
  'training.cancel': { runId: { kind: 'trainingId' } },
  'training.list': null,
  'training.step': { request: { kind: 'trainingRequest' }, step: { kind: 'stepNumber' } },
  'runs.list': null,
  'runs.get': { id: { kind: 'savedId' } },
  'runs.params': { id: { kind: 'savedId' } },
  'runs.update': { id: { kind: 'savedId' }, patch: { kind: 'patch' } },
  'runs.delete': { id: { kind: 'savedId' } },
  'runs.export': { id: { kind: 'savedId' }, format: { kind: 'format' } },
  'runs.bundle': { id: { kind: 'savedId' } },
  'runs.exportProject': { id: { kind: 'savedId' } },
  'runs.import': { fileName: { kind: 'fileName' }, base64: { kind: 'base64' } },
  'datasets.status': null,
  'datasets.import': { files: { kind: 'files' } },
  'datasets.samples': { split: { kind: 'split' }, indices: { kind: 'indices' } },
  'notes.list': null,
  'notes.get': { id: { kind: 'noteId' }, lang: { kind: 'lang' } },
  'notes.save': { id: { kind: 'ownNoteId' }, markdown: { kind: 'markdown' } },
  'notes.create': { title: { kind: 'noteTitle' }, markdown: { kind: 'markdown', optional: true } },
  'notes.rename': { id: { kind: 'ownNoteId' }, to: { kind: 'ownNoteId' } },
  'notes.delete': { id: { kind: 'ownNoteId' } },
  'notes.import': { name: { kind: 'noteFileName' }, text: { kind: 'markdown' } },
  'notes.search': { query: { kind: 'query' } },
  'notes.pin': { id: { kind: 'noteId' }, add: { kind: 'pin' } },
  'notes.demo': { id: { kind: 'noteId' } },
  'notes.runDemo': { id: { kind: 'noteId' } },
};

/** A payload the schema must refuse, for `name`; the label says how it was broken (for reports). */
export function invalidPayload(name: RequestName): fc.Arbitrary<{ how: string; payload: unknown }> {
  const shape = SHAPES[name];
  if (shape === undefined) throw new Error(`no fuzz shape for ${name}: add it to SHAPES and VALID_PAYLOADS in test/unit/security/contract-arbitraries.ts`);
  if (shape === null) {
    // JSON turns NaN and ±Infinity into null, which would be valid here: keep only what stays non-null.
    return hostileValue.filter((v) => v !== null && jsonRoundTrip(v) !== null).map((payload) => ({ how: 'not null', payload }));
  }
  const valid = VALID_PAYLOADS[name] as Record<string, unknown>;
  const keys = Object.keys(shape);
  const required = keys.filter((k) => !shape[k]!.optional);
  const options: Array<fc.Arbitrary<{ how: string; payload: unknown }>> = [
    fc.oneof(notObject, fc.array(hostileValue, { maxLength: 3 })).map((payload) => ({ how: 'not an object', payload })),
    fc
      .tuple(keyArb.filter((k) => !keys.includes(k)), hostileValue.filter((v) => v !== undefined))
      .map(([k, v]) => ({ how: `extra key ${JSON.stringify(k)}`, payload: withOwn({ ...valid }, k, v) })),
    fc
      .tuple(fc.constantFrom(...PROTO_KEYS), pollutionPayload)
      .map(([k, v]) => ({ how: `own ${k} key`, payload: withOwn({ ...valid }, k, v) })),
    ...keys.map((k) => INVALID[shape[k]!.kind].map((bad) => ({ how: `${k}: bad ${shape[k]!.kind}`, payload: { ...valid, [k]: bad } }))),
  ];
  if (required.length > 0) {
    options.push(fc.constantFrom(...required).map((k) => {
      const { [k]: _dropped, ...rest } = valid;
      return { how: `missing ${k}`, payload: rest };
    }));
  }
  return fc.oneof(...options);
}

/** Requests the contract has but these tables do not describe yet (should be none). */
export const UNDESCRIBED_REQUESTS = REQUEST_NAME_LIST.filter((n) => !(n in SHAPES) || !(n in VALID_PAYLOADS));
/** Requests with a known shape: the ones invalid payloads can be built for. */
export const requestNameArb = fc.constantFrom(...REQUEST_NAME_LIST.filter((n) => !UNDESCRIBED_REQUESTS.includes(n)));
/** Every request the contract has, described or not. */
export const anyRequestNameArb = fc.constantFrom(...REQUEST_NAME_LIST);

/** Names that look like requests but are not: case, whitespace, prototype members, other types. */
export const unknownNameArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 40 }).filter((s) => !(REQUEST_NAME_LIST as readonly string[]).includes(s)),
  fc.constantFrom(...PROTO_KEYS, 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'APP.INFO', 'app.info ', 'runs.*', 'fs.read', 'shell.openExternal', ''),
  between(200, 5000),
  notString,
  fc.constant(undefined),
);

/** Any message at all: mostly well-formed envelopes around hostile payloads, sometimes not. */
export const anyRequest: fc.Arbitrary<{ name: unknown; payload: unknown }> = fc.oneof(
  fc.record({ name: anyRequestNameArb, payload: hostileValue }),
  requestNameArb.chain((name) => invalidPayload(name).map(({ payload }) => ({ name, payload }))),
  requestNameArb.map((name) => ({ name, payload: structuredClone(VALID_PAYLOADS[name]) })),
  fc.record({ name: unknownNameArb, payload: hostileValue }),
);

// ---- the real handlers, spied on ---------------------------------------------------------------

export interface SpiedHandlers {
  handlers: Handlers;
  calls: Array<{ name: RequestName; payload: unknown }>;
  dataDir: string;
}

/** The real handlers over a fresh temp data dir (no training service: nothing here trains). */
export function spiedRealHandlers(mode: 'electron' | 'web'): SpiedHandlers {
  const dataDir = mkdtempSync(join(tmpdir(), 'd2l-fuzz-data-'));
  const real = createHandlers({ dataDir, mode, systemLang: 'en' }) as Record<RequestName, (p: unknown) => unknown>;
  const calls: SpiedHandlers['calls'] = [];
  const wrapped: Record<string, (p: unknown) => unknown> = {};
  for (const name of REQUEST_NAME_LIST) {
    wrapped[name] = (payload: unknown) => {
      calls.push({ name, payload });
      return real[name](payload);
    };
  }
  return { handlers: wrapped as unknown as Handlers, calls, dataDir };
}

/**
 * Makes one request that must be refused before any handler runs: what `replyOf` picks out of its
 * answer (the answer itself by default) is a typed `code` error, and `spied` saw no call meanwhile.
 * Returns the answer, for checks of the transport's own (a WebSocket reply's id).
 */
export async function expectRefusedBeforeHandler<T>(
  spied: SpiedHandlers,
  code: ErrorCode,
  request: () => Promise<T>,
  replyOf: (answer: T) => Reply<unknown> = (answer) => answer as Reply<unknown>,
): Promise<T> {
  const before = spied.calls.length;
  const answer = await request();
  expectTypedError(replyOf(answer), code);
  expect(spied.calls.length, 'handler calls for a refused request').toBe(before);
  return answer;
}

/** Names of Object.prototype's own properties, to compare before and after a fuzz run. */
export function prototypeSnapshot(): string {
  return JSON.stringify([Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort()]);
}

export function assertUnpolluted(before: string): void {
  const probe: Record<string, unknown> = {};
  if (probe[POLLUTION_MARK] !== undefined || ([] as unknown as Record<string, unknown>)[POLLUTION_MARK] !== undefined) {
    throw new Error(`Object.prototype was polluted with ${POLLUTION_MARK}`);
  }
  const after = prototypeSnapshot();
  if (after !== before) throw new Error(`Object.prototype or Array.prototype changed during the fuzz run:\nbefore ${before}\nafter  ${after}`);
}

/** Collects unhandled rejections during a run (vitest also reports them, this makes them a failed assertion). */
export function watchUnhandled(): { rejections: unknown[]; stop: () => void } {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };
  process.on('unhandledRejection', onRejection);
  return { rejections, stop: () => process.off('unhandledRejection', onRejection) };
}

/** Path to the first own `__proto__`/`constructor`/`prototype` key inside a value, if any. */
export function ownProtoKeyPath(value: unknown, path = '$', seen = new Set<unknown>()): string | undefined {
  if (typeof value !== 'object' || value === null || seen.has(value)) return undefined;
  seen.add(value);
  for (const key of Object.keys(value)) {
    if ((PROTO_KEYS as readonly string[]).includes(key)) return `${path}.${key}`;
    const inner = ownProtoKeyPath((value as Record<string, unknown>)[key], `${path}.${key}`, seen);
    if (inner) return inner;
  }
  return undefined;
}

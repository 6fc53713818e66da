// Property-based fuzzing of run files from elsewhere: run.json contents dropped into a run folder,
// and `.d2lrun` bundles opened from a file (CLI) or uploaded through the contract (UI). Required:
// every bad input is refused with a clear message naming the problem, nothing is written outside
// the data directory, no temp files are left, and a run saved before is never damaged.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { parseRunRecord, type RunRecord } from '../../../src/shared/runs';
import { dispatch } from '../../../src/main/dispatch';
import { createHandlers } from '../../../src/main/handlers';
import { RunStore, RunStoreError } from '../../../src/main/services/runs/store';
import { encodeBundle } from '../../../src/main/services/runs/bundle';
import { BundleError } from '../../../src/main/services/runs/zip-read';
import { LINREG_PARAMS, linregDraft, tempDir } from '../runs/helpers';
import {
  FUZZ_RUNS, FUZZ_SEED, FUZZ_TIMEOUT_MS, PROTO_KEYS, assertUnpolluted, hostileValue, jsonRoundTrip, prototypeSnapshot, watchUnhandled, withOwn,
} from './contract-arbitraries';

const FUZZ_FOLDER = 'fuzz-run';

// Layout: <parent>/data is the data directory; <parent>/outside holds bundle files as a user's
// Downloads folder would. Nothing but <parent>/data/runs/<new id> may ever change.
const parent = tempDir('d2l-files-fuzz-');
const dataDir = join(parent.dir, 'data');
const outside = join(parent.dir, 'outside');
const store = new RunStore(dataDir);
const handlers = createHandlers({ dataDir, mode: 'web', systemLang: 'en', runs: store });
let goodId = '';
let goodRecord: RunRecord;
let goodRunJson = '';
let goodBundle: Uint8Array;
let goodParamsFile = '';
let protoBefore: string;
let unhandled: ReturnType<typeof watchUnhandled>;

beforeAll(async () => {
  protoBefore = prototypeSnapshot();
  unhandled = watchUnhandled();
  mkdirSync(outside, { recursive: true });
  goodId = await store.save(linregDraft({ title: 'saved before the fuzzing' }), LINREG_PARAMS);
  goodRecord = await store.get(goodId);
  goodRunJson = readFileSync(join(store.runsDir, goodId, 'run.json'), 'utf8');
  goodParamsFile = join(store.runsDir, goodId, 'params.safetensors');
  goodBundle = await encodeBundle(store, goodId);
});
afterAll(() => {
  unhandled.stop();
  parent.cleanup();
});

/** Every path under `dir` with its size and mtime: any write shows up as a difference. */
function snapshot(dir: string, skip: string[] = []): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (skip.includes(path)) continue;
      const info = statSync(path);
      out.push(`${relative(parent.dir, path)} ${info.isDirectory() ? 'dir' : info.size} ${info.mtimeMs}`);
      if (info.isDirectory()) walk(path);
    }
  };
  walk(dir);
  return out.sort();
}

/** The good run must load exactly as saved, whatever happened around it. */
async function expectGoodRunIntact(): Promise<void> {
  expect(await store.get(goodId)).toEqual(goodRecord);
  expect(Object.keys((await store.getParams(goodId)).tensors)).toEqual(['0.weight', '0.bias']);
}

function expectNoTempLeftovers(): void {
  const names = readdirSync(store.runsDir);
  expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
  for (const n of names) expect(readdirSync(join(store.runsDir, n)).filter((f) => f.includes('.tmp-'))).toEqual([]);
}

// ---- mutations of a valid record -----------------------------------------------------------------

type Path = Array<string | number>;

function pathsOf(value: unknown, path: Path = [], out: Path[] = [], depth = 0): Path[] {
  if (depth > 4 || typeof value !== 'object' || value === null) return out;
  const entries = Array.isArray(value) ? value.slice(0, 3).map((v, i) => [i, v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    out.push([...path, k]);
    pathsOf(v, [...path, k], out, depth + 1);
  }
  return out;
}

function mutate(record: unknown, path: Path, op: 'set' | 'delete' | 'extra', value: unknown, extraKey: string): unknown {
  const copy = structuredClone(record) as Record<string | number, unknown>;
  let target = copy;
  for (const k of path.slice(0, -1)) target = target[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (op === 'set') target[last] = value;
  else if (op === 'delete') delete target[last];
  else {
    const holder = target[last];
    if (typeof holder === 'object' && holder !== null && !Array.isArray(holder)) withOwn(holder, extraKey, value);
    else withOwn(copy, extraKey, value);
  }
  return copy;
}

/** run.json text: a mutated valid record (foldered as FUZZ_FOLDER), arbitrary JSON, or broken bytes. */
function runJsonArb(): fc.Arbitrary<{ how: string; bytes: Uint8Array }> {
  const base = { ...(JSON.parse(goodRunJson) as Record<string, unknown>), id: FUZZ_FOLDER };
  const paths = pathsOf(base);
  const encode = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v) ?? 'undefined');
  return fc.oneof(
    fc
      .record({
        path: fc.constantFrom(...paths),
        op: fc.constantFrom('set', 'delete', 'extra') as fc.Arbitrary<'set' | 'delete' | 'extra'>,
        value: hostileValue,
        extraKey: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 })),
      })
      .map(({ path, op, value, extraKey }) => ({ how: `${op} ${path.join('.')}`, bytes: encode(mutate(base, path, op, jsonRoundTrip(value), extraKey)) })),
    fc.jsonValue().map((v) => ({ how: 'arbitrary JSON', bytes: encode(v) })),
    fc.integer({ min: 0, max: goodRunJson.length - 1 }).map((n) => ({ how: `truncated at ${n}`, bytes: encode(base).subarray(0, n) })),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ how: 'random bytes', bytes })),
    fc.constant({ how: 'invalid UTF-8', bytes: Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }),
  );
}

describe(`run.json from elsewhere (${FUZZ_RUNS} runs)`, () => {
  it('lists a run folder only when its run.json is a valid record for that folder; otherwise names the folder and the problem', async () => {
    const folder = join(store.runsDir, FUZZ_FOLDER);
    const outsideBefore = snapshot(parent.dir, [dataDir]);
    await fc.assert(
      fc.asyncProperty(runJsonArb(), async ({ bytes }) => {
        rmSync(folder, { recursive: true, force: true });
        mkdirSync(folder);
        writeFileSync(join(folder, 'run.json'), bytes);
        copyFileSync(goodParamsFile, join(folder, 'params.safetensors'));
        let data: unknown;
        try {
          data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
        } catch {
          data = undefined;
        }
        const parsed = parseRunRecord(data);
        const loadable = parsed.ok && parsed.record.id === FUZZ_FOLDER;
        const { runs, problems } = await store.list();
        expect(runs.map((r) => r.id).sort()).toEqual(loadable ? [goodId, FUZZ_FOLDER].sort() : [goodId]);
        if (loadable) {
          expect(problems).toEqual([]);
          return;
        }
        expect(problems).toHaveLength(1);
        expect(problems[0]!.folder).toBe(FUZZ_FOLDER);
        // Shape limits (issue 12) refuse deep or huge JSON before it is parsed.
        expect(problems[0]!.reason).toMatch(/^run\.json (is not valid JSON|is invalid: |says id |is nested more than \d+ levels deep$|holds more than \d+ values$)/);
        const err = await store.get(FUZZ_FOLDER).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(RunStoreError);
        expect((err as RunStoreError).code).toBe('corrupt');
        // Through the contract the same refusal is a typed error, never a crash.
        const reply = await dispatch(handlers, 'runs.get', { id: FUZZ_FOLDER });
        expect(reply).toMatchObject({ ok: false, error: { code: 'internal', message: (err as Error).message } });
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
    rmSync(folder, { recursive: true, force: true });
    expect(snapshot(parent.dir, [dataDir])).toEqual(outsideBefore);
    await expectGoodRunIntact();
    assertUnpolluted(protoBefore);
  }, FUZZ_TIMEOUT_MS);
});

// ---- hostile bundles ---------------------------------------------------------------------------

const SLIP_NAMES = ['../evil.txt', '../../evil.txt', 'run/../../evil', '/tmp/evil', 'C:/evil', '..\\evil', 'a\u0000b', 'runs/', './run.json', 'run.json/..'];

function bundleArb(): fc.Arbitrary<{ how: string; bytes: Uint8Array }> {
  const files = (entries: Zippable): Uint8Array => zipSync(entries, { level: 1 });
  const json = (v: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(v) ?? '');
  return fc.oneof(
    fc.integer({ min: 0, max: goodBundle.length - 1 }).map((n) => ({ how: `truncated to ${n} bytes`, bytes: goodBundle.slice(0, n) })),
    fc
      .array(fc.tuple(fc.nat({ max: goodBundle.length - 1 }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 })
      .map((flips) => {
        const bytes = goodBundle.slice();
        for (const [at, xor] of flips) bytes[at] ^= xor;
        return { how: `bytes flipped at ${flips.map(([at]) => at).join(',')}`, bytes };
      }),
    fc.uint8Array({ minLength: 1, maxLength: 512 }).map((tail) => ({ how: 'garbage appended', bytes: Uint8Array.from([...goodBundle, ...tail]) })),
    fc.uint8Array({ maxLength: 1024 }).map((bytes) => ({ how: 'random bytes', bytes })),
    fc.constantFrom(...SLIP_NAMES).map((name) => ({ how: `zip slip ${name}`, bytes: files({ [name]: json({ a: 1 }), 'run.json': new TextEncoder().encode(goodRunJson) }) })),
    fc.constantFrom('run.json', 'params.safetensors').map((name) => ({
      how: `symlink ${name}`,
      bytes: files({ [name]: [new TextEncoder().encode('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] }),
    })),
    hostileValue.map((v) => ({ how: 'run.json of the wrong shape', bytes: files({ 'run.json': json(v) }) })),
    fc
      .record({ key: fc.constantFrom(...Object.keys(goodRecord)), value: hostileValue })
      .map(({ key, value }) => ({ how: `run.json with ${key} replaced`, bytes: files({ 'run.json': json({ ...goodRecord, [key]: jsonRoundTrip(value) }), 'params.safetensors': readFileSync(goodParamsFile) }) })),
    fc.integer({ min: 1, max: 64 }).map((n) => ({ how: `params truncated by ${n}`, bytes: files({ 'run.json': new TextEncoder().encode(goodRunJson), 'params.safetensors': readFileSync(goodParamsFile).subarray(0, -n) }) })),
  );
}

describe(`.d2lrun bundles from elsewhere (${FUZZ_RUNS} runs)`, () => {
  it('imports only a valid bundle; anything else is refused with a clear message and nothing is written', async () => {
    const outsideBefore = snapshot(parent.dir, [dataDir, outside]);
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(bundleArb(), fc.boolean(), async ({ bytes }, viaContract) => {
        const runsBefore = readdirSync(store.runsDir).sort();
        let importedId: string | undefined;
        let message: string | undefined;
        if (viaContract) {
          const reply = await dispatch(handlers, 'runs.import', { fileName: 'x.d2lrun', base64: Buffer.from(bytes).toString('base64') });
          if (reply.ok) importedId = (reply.result as { id: string }).id;
          else {
            expect(reply.error.code).toBe('invalid-payload');
            message = reply.error.message;
          }
        } else {
          const file = join(outside, 'download.d2lrun');
          writeFileSync(file, bytes);
          try {
            importedId = (await store.importBundle(file)).id;
          } catch (err) {
            // Only the two refusal types: a RangeError or TypeError from a bad offset would be a bug.
            expect(err instanceof BundleError || err instanceof RunStoreError, String(err)).toBe(true);
            message = (err as Error).message;
          }
        }
        if (message !== undefined) {
          refused++;
          expect(message).toMatch(/^bundle refused: |is empty$/);
          expect(readdirSync(store.runsDir).sort()).toEqual(runsBefore);
        } else if (importedId !== undefined && importedId !== goodId) {
          // A harmless change (say, a flipped bit in a zip comment): it must load, then it goes.
          await store.get(importedId);
          await store.delete(importedId);
        }
        expectNoTempLeftovers();
      }),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED },
    );
    expect(refused).toBeGreaterThan(FUZZ_RUNS / 2);
    expect(snapshot(parent.dir, [dataDir, outside])).toEqual(outsideBefore);
    expect(readdirSync(dataDir)).toEqual(['runs']);
    expect(readdirSync(store.runsDir)).toEqual([goodId]);
    await expectGoodRunIntact();
    assertUnpolluted(protoBefore);
    expect(unhandled.rejections).toEqual([]);
  }, FUZZ_TIMEOUT_MS);
});

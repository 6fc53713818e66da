// The CLI's V8 code cache (src/main/cli/code-cache.ts, issue 15): a cache entry is used only for
// the exact text it was made from, a corrupted or refused entry is never trusted and is replaced,
// and the built CLI prints the same with a fresh, a warm or a damaged cache as the ES module build.
// Structure and output only: no timing is asserted (the figures are in `npm run bench:start`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { CodeCachedLoader, cacheEntryName, decodeEntry, encodeEntry, usesDynamicImport } from '../../../src/main/cli/code-cache';

const scratch = mkdtempSync(join(tmpdir(), 'd2l-code-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let bundle = '';
let cacheDir = '';
let count = 0;

/** A two-file bundle shaped like the built CLI: the chunk requires the entry back (rolldown's helpers). */
function writeBundle(entryValue: string): void {
  writeFileSync(join(bundle, 'main.cjs'), [
    'globalThis.__d2lEvaluations = (globalThis.__d2lEvaluations ?? 0) + 1;',
    `exports.value = ${JSON.stringify(entryValue)};`,
    'exports.sum = (a, b) => a + b;',
    "exports.fromChunk = () => require('./chunks/part.cjs').part(require('node:path').join('a', 'b'));",
    '',
  ].join('\n'));
  writeFileSync(join(bundle, 'chunks', 'part.cjs'), [
    "const main = require('../main.cjs');",
    'exports.part = (p) => `${p}:${main.sum(1, 2)}:${__filename.endsWith("part.cjs")}`;',
    '',
  ].join('\n'));
}

beforeEach(() => {
  bundle = join(scratch, `bundle-${++count}`);
  cacheDir = join(scratch, `cache-${count}`);
  mkdirSync(join(bundle, 'chunks'), { recursive: true });
  writeBundle('one');
  (globalThis as { __d2lEvaluations?: number }).__d2lEvaluations = 0;
});

interface Loaded {
  exports: { value: string; fromChunk(): string };
  outcomes: Record<string, string>;
  loader: CodeCachedLoader;
}

function load(dir: string | null = cacheDir): Loaded {
  const loader = new CodeCachedLoader(dir ?? undefined);
  const exports = loader.require(join(bundle, 'main.cjs')) as Loaded['exports'];
  expect(exports.fromChunk()).toBe(`${join('a', 'b')}:3:true`);
  const outcomes = Object.fromEntries(loader.loaded.map((l) => [l.file.slice(bundle.length + 1), l.outcome]));
  return { exports, outcomes, loader };
}

const entries = (): string[] => (existsSync(cacheDir) ? readdirSync(cacheDir).sort() : []);
const mainEntry = (): string => join(cacheDir, entries().find((e) => e.startsWith('main.cjs.'))!);

describe('a cache entry', () => {
  const source = Buffer.from('exports.x = "\u4e2d";\n');
  const data = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff));

  it('gives back its V8 data for the exact source it was made from', () => {
    const { data: back, outcome } = decodeEntry(encodeEntry(source, data), source);
    expect(outcome).toBe('ok');
    expect(back!.equals(data)).toBe(true);
  });

  it('is stale for any other source, even of the same length', () => {
    const other = Buffer.from(source);
    other[3] = other[3]! ^ 1;
    expect(decodeEntry(encodeEntry(source, data), other).outcome).toBe('stale');
    expect(decodeEntry(encodeEntry(source, data), source.subarray(1)).outcome).toBe('stale');
  });

  it('is corrupt when any byte of its header or data is damaged, or it is cut short or padded', () => {
    const entry = encodeEntry(source, data);
    const sourceEnd = 16 + source.length;
    for (let i = 0; i < entry.length; i++) {
      if (i >= 16 && i < sourceEnd) continue; // the source copy: damage there reads as stale
      const damaged = Buffer.from(entry);
      damaged[i] = damaged[i]! ^ 0x10;
      expect(decodeEntry(damaged, source).outcome, `byte ${i}`).not.toBe('ok');
    }
    expect(decodeEntry(entry.subarray(0, entry.length - 1), source).outcome).toBe('corrupt');
    expect(decodeEntry(Buffer.concat([entry, Buffer.of(0)]), source).outcome).toBe('corrupt');
    expect(decodeEntry(Buffer.alloc(0), source).outcome).toBe('corrupt');
  });
});

describe('usesDynamicImport', () => {
  it('finds import( anywhere a call can start, and not a method called import', () => {
    for (const text of ['import("x")', 'const m = await import(\'node:fs\');', 'f(import (x))', 'a;import(x)', '\nimport(x)']) {
      expect(usesDynamicImport(text), text).toBe(true);
    }
    for (const text of ['notes.import(name, text)', 'exports.import = 1', 'reimport(x)', '$import(x)', 'important(x)']) {
      expect(usesDynamicImport(text), text).toBe(false);
    }
  });
});

describe('CodeCachedLoader', () => {
  it('compiles from source the first time, writes the cache on request, and uses it the next time', () => {
    const first = load();
    expect(first.outcomes).toEqual({ 'main.cjs': 'missing', 'chunks/part.cjs': 'missing' });
    expect(entries()).toEqual([]);
    first.loader.writeCaches();
    expect(entries()).toHaveLength(2);

    const second = load();
    expect(second.outcomes).toEqual({ 'main.cjs': 'accepted', 'chunks/part.cjs': 'accepted' });
    expect(second.exports.value).toBe('one');
    // Nothing to rewrite when every entry was used.
    const before = readFileSync(mainEntry());
    second.loader.writeCaches();
    expect(readFileSync(mainEntry()).equals(before)).toBe(true);
  });

  it('evaluates each file once, also when a chunk requires the entry that is still loading', () => {
    load().loader.writeCaches();
    expect((globalThis as { __d2lEvaluations?: number }).__d2lEvaluations).toBe(1);
  });

  it('does not use a cache made for other text, even of the same length (V8 itself compares only the length)', () => {
    load().loader.writeCaches();
    writeBundle('two');
    const changed = load();
    expect(changed.outcomes['main.cjs']).toBe('stale');
    expect(changed.outcomes['chunks/part.cjs']).toBe('accepted');
    expect(changed.exports.value).toBe('two');
  });

  it('does not hand a corrupted entry to V8: runs from source and replaces it', () => {
    load().loader.writeCaches();
    const path = mainEntry();
    const bytes = readFileSync(path);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    writeFileSync(path, bytes);

    const damaged = load();
    expect(damaged.outcomes['main.cjs']).toBe('corrupt');
    expect(damaged.exports.value).toBe('one');
    damaged.loader.writeCaches();
    expect(load().outcomes['main.cjs']).toBe('accepted');
  });

  it('treats a truncated or empty entry as corrupt', () => {
    load().loader.writeCaches();
    writeFileSync(mainEntry(), Buffer.alloc(0));
    expect(load().outcomes['main.cjs']).toBe('corrupt');
  });

  it('runs from source when V8 refuses an entry whose checksum is right, and replaces it', () => {
    // Text this process has never compiled: V8 would otherwise reuse its in-memory compilation
    // and not look at the cache data at all.
    writeBundle(`refused-${process.pid}-${Date.now()}`);
    const main = join(bundle, 'main.cjs');
    const path = join(cacheDir, cacheEntryName(main));
    mkdirSync(cacheDir, { recursive: true });
    const garbage = Buffer.from('not V8 code cache data at all, but a well-formed entry');
    writeFileSync(path, encodeEntry(readFileSync(main), garbage));

    const refused = load();
    expect(refused.outcomes['main.cjs']).toBe('rejected');
    expect(refused.exports.value).toMatch(/^refused-/);
    refused.loader.writeCaches();
    expect(readFileSync(path).includes(garbage)).toBe(false);
    expect(load().outcomes['main.cjs']).toBe('accepted');
  });

  it('still runs when the cache folder cannot be written', () => {
    writeFileSync(cacheDir, 'a file where the cache folder should be');
    const r = load();
    expect(() => r.loader.writeCaches()).not.toThrow();
    expect(r.exports.value).toBe('one');
  });

  it('compiles a file asked for uncached from source, and its chunks with the cache', () => {
    const loader = new CodeCachedLoader(cacheDir);
    (loader.require(join(bundle, 'main.cjs'), false) as Loaded['exports']).fromChunk();
    expect(loader.loaded.map((l) => l.file.slice(bundle.length + 1))).toEqual(['chunks/part.cjs']);
    loader.writeCaches();
    expect(entries().map((e) => e.split('.cjs.')[0])).toEqual(['part']);
  });

  it('loads a file that threw afresh when it is required again', () => {
    const file = join(bundle, 'throws.cjs');
    (globalThis as { __d2lThrows?: number }).__d2lThrows = 0;
    writeFileSync(file, 'globalThis.__d2lThrows = (globalThis.__d2lThrows ?? 0) + 1; if (globalThis.__d2lThrows === 1) throw new Error("first time"); exports.ok = true;\n');
    const loader = new CodeCachedLoader(undefined);
    expect(() => loader.require(file)).toThrow('first time');
    expect(loader.require(file)).toEqual({ ok: true });
  });

  it('compiles from source and records nothing without a cache folder', () => {
    const r = load(null);
    expect(r.outcomes).toEqual({});
    r.loader.writeCaches();
    expect(entries()).toEqual([]);
  });
});

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin', 'd2l-workbench.cjs');
const built = existsSync(join(ROOT, 'out', 'main', 'cli.cjs')) && existsSync(join(ROOT, 'out', 'main', 'code-cache.cjs')) && existsSync(join(ROOT, 'out', 'main', 'cli.js'));
if (!built) console.warn('SKIPPING the built CLI code cache checks: out/main/cli.cjs, code-cache.cjs or cli.js is missing (run `npm run build`)');

describe.skipIf(!built)('the built CLI with its code cache', () => {
  const data = join(scratch, 'data');
  const cache = join(scratch, 'cli-cache');

  function cli(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, D2L_WORKBENCH_DATA: data, ...env } });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.replace(/run \S+: completed in \d+ ms/, 'run ID: completed in N ms') };
  }

  it('prints the same and exits the same with no cache, a warm cache, a damaged cache, and as ES modules', () => {
    const commands = [
      ['train', 'linreg-concise', '--epochs', '2', '--no-save'],
      ['--version'],
      ['experiments'],
      ['trian'],
      ['train', 'linreg-concise', '--lr', 'x'],
    ];
    const esm = commands.map((c) => cli(c, { D2L_CODE_CACHE: '0' }));
    expect(esm.map((r) => r.status)).toEqual([0, 0, 0, 2, 2]);
    const cached = { D2L_CODE_CACHE_DIR: cache };
    expect(commands.map((c) => cli(c, cached))).toEqual(esm);
    expect(readdirSync(cache).some((f) => /^catalog-.*\.cjs\..+\.v8cache$/.test(f))).toBe(true);
    // The entry only reads the arguments: compiled from source, so `--version` reads no cache.
    expect(readdirSync(cache).filter((f) => f.startsWith('cli.cjs.'))).toEqual([]);
    expect(commands.map((c) => cli(c, cached))).toEqual(esm);
    for (const f of readdirSync(cache)) {
      const bytes = readFileSync(join(cache, f));
      bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x5a;
      writeFileSync(join(cache, f), bytes);
    }
    expect(commands.map((c) => cli(c, cached))).toEqual(esm);
  });
});

describe.skipIf(!built)('the built loader in fresh processes (no compilation V8 already holds in memory)', () => {
  const outcomes = (): string[] => {
    const script = [
      `const { CodeCachedLoader } = require(${JSON.stringify(join(ROOT, 'out', 'main', 'code-cache.cjs'))});`,
      `const loader = new CodeCachedLoader(${JSON.stringify(cacheDir)});`,
      `loader.require(${JSON.stringify(join(bundle, 'main.cjs'))}).fromChunk();`,
      'loader.writeCaches();',
      'console.log(JSON.stringify(loader.loaded.map((l) => l.outcome)));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as string[];
  };

  it('a file with a dynamic import is compiled from source each time, so its import() still works', () => {
    const lazy = join(bundle, 'chunks', 'lazy.cjs');
    writeFileSync(lazy, 'exports.sep = async () => (await import("node:path")).sep;\n');
    const script = [
      `const { CodeCachedLoader } = require(${JSON.stringify(join(ROOT, 'out', 'main', 'code-cache.cjs'))});`,
      `const loader = new CodeCachedLoader(${JSON.stringify(cacheDir)});`,
      `loader.require(${JSON.stringify(lazy)}).sep().then((sep) => {`,
      '  loader.writeCaches();',
      '  console.log(JSON.stringify({ sep, loaded: loader.loaded.length }));',
      '});',
    ].join('\n');
    for (let i = 0; i < 2; i++) {
      const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
      // Node 20 warns that the main context's loader serves vm scripts' import(): a warning, no error.
      expect(r.stderr).not.toMatch(/Error/);
      expect(JSON.parse(r.stdout)).toEqual({ sep: '/', loaded: 0 });
    }
    expect(entries()).toEqual([]);
  });

  it('V8 takes the cache a previous process wrote, and refuses data that is not its own', () => {
    expect(outcomes()).toEqual(['missing', 'missing']);
    expect(outcomes()).toEqual(['accepted', 'accepted']);
    const garbage = Buffer.from('not V8 code cache data at all, but a well-formed entry');
    writeFileSync(mainEntry(), encodeEntry(readFileSync(join(bundle, 'main.cjs')), garbage));
    expect(outcomes()).toEqual(['rejected', 'accepted']);
    expect(outcomes()).toEqual(['accepted', 'accepted']);
  });
});

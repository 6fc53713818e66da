// Runs the CommonJS build of the CLI (out/main/cli.cjs and its chunks) through V8's code cache
// (issue 15). Node 20 caches no compiled code for user modules (module.enableCompileCache is
// Node ≥ 22.1), and compiling the engine and the catalog is a large share of a `train`'s whole
// process; a script compiled by `vm.Script` can take the bytecode V8 produced for it last time.
//
// The cache is never trusted blindly. Each file has one entry, named after the file and the
// Node/V8 build and flags. The entry holds a copy of the file's bytes, used only when they equal
// the file's (V8 itself compares only the source's length), and the V8 data twice, used only when
// the two copies are equal (a damaged file is not handed to V8); V8's own check
// (`cachedDataRejected`) still applies. Both comparisons are `Buffer.equals`, a native memcmp:
// hashing the files in JavaScript took ~10 ms of a `train`, and loading node:crypto ~9 ms. A file
// whose cache was missing, stale or refused is compiled from source and its entry written when
// the process exits, after the command ran, so the functions it compiled lazily are in it. Any
// failure to read or write the cache only costs speed.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';

/** What happened to one file's cache: used, refused by V8, absent, made for other text, or damaged. */
export type CacheOutcome = 'accepted' | 'rejected' | 'missing' | 'stale' | 'corrupt';

export interface LoadedFile {
  file: string;
  outcome: CacheOutcome;
}

/**
 * Whether a file's text may hold a dynamic `import()`. Node 20 loses a script's dynamic-import
 * callback when V8 takes the script from a code cache made by another process ("A dynamic import
 * callback was not specified"), so such files are always compiled from source. In the CLI they
 * are the `serve` and `bench` chunks (the prebuilt experiment list, optional packages), which the
 * launcher runs as ES modules anyway. A method named `import` (`notes.import(…)`) is not one.
 */
export function usesDynamicImport(source: string): boolean {
  return /(?:^|[^.\w$])import\s*\(/.test(source);
}

/** Node's CommonJS wrapper, on one line so that line numbers in stacks stay true. */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;

/** 'D2LC', the format version, the source's length and the V8 data's length (4 × uint32 LE). */
const MAGIC = 0x434c3244;
const FORMAT = 3;
const HEADER_BYTES = 16;

/** The cache entry's name: the file's, with what makes V8 data fit only one Node, V8, platform and set of flags. */
export function cacheEntryName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? 'script';
  const build = `${process.version}-${process.versions.v8}-${process.arch}-${process.platform}-${process.execArgv.join(' ')}`;
  return `${base}.${build.replace(/[^\w.-]+/g, '_').slice(0, 120)}.v8cache`;
}

/** An entry: header, the source it was made from, the V8 data, and the V8 data again. */
export function encodeEntry(source: Uint8Array, data: Uint8Array): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(FORMAT, 4);
  header.writeUInt32LE(source.length, 8);
  header.writeUInt32LE(data.length, 12);
  return Buffer.concat([header, source, data, data]);
}

/** The V8 data in an entry made from exactly `source`, or why there is none. */
export function decodeEntry(bytes: Buffer, source: Uint8Array): { data?: Buffer; outcome: 'stale' | 'corrupt' | 'ok' } {
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== FORMAT) return { outcome: 'corrupt' };
  const sourceBytes = bytes.readUInt32LE(8);
  const dataBytes = bytes.readUInt32LE(12);
  if (bytes.length !== HEADER_BYTES + sourceBytes + 2 * dataBytes || dataBytes === 0) return { outcome: 'corrupt' };
  const dataAt = HEADER_BYTES + sourceBytes;
  const data = bytes.subarray(dataAt, dataAt + dataBytes);
  if (!data.equals(bytes.subarray(dataAt + dataBytes))) return { outcome: 'corrupt' };
  if (sourceBytes !== source.length || !bytes.subarray(HEADER_BYTES, dataAt).equals(source)) return { outcome: 'stale' };
  return { data, outcome: 'ok' };
}

function readEntry(path: string, source: Uint8Array): { data?: Buffer; outcome: 'missing' | 'stale' | 'corrupt' | 'ok' } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return { outcome: 'missing' };
  }
  return decodeEntry(bytes, source);
}

/** Written whole under a temporary name, then renamed: a reader never sees half an entry. */
function writeEntry(path: string, source: Uint8Array, data: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, encodeEntry(source, data));
    renameSync(tmp, path);
  } catch {
    // A read-only install or a full disk: the next run compiles from source again, nothing else.
    try {
      rmSync(tmp, { force: true });
    } catch {
      // No folder to remove it from.
    }
  }
}

interface Module {
  exports: unknown;
  id: string;
  filename: string;
  loaded: boolean;
}

type Wrapper = (this: unknown, exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

/**
 * A CommonJS loader for one self-contained bundle: its own files (`./…cjs`, `../…cjs`) are compiled
 * with the code cache; anything else (Node built-ins, packages) goes to Node's `require`.
 */
export class CodeCachedLoader {
  private readonly modules = new Map<string, Module>();
  private readonly toWrite: { script: Script; path: string; source: Uint8Array }[] = [];
  readonly loaded: LoadedFile[] = [];

  /** `cacheDir` undefined: compile from source and write nothing (the cache is switched off). */
  constructor(private readonly cacheDir: string | undefined) {}

  /**
   * `cached` false: compile from source. For the small entry chunk, which only reads the arguments,
   * compiling is cheaper than reading and checking a cache entry.
   */
  require(filename: string, cached = true): unknown {
    const known = this.modules.get(filename);
    if (known) return known.exports;
    const bytes = readFileSync(filename);
    const module: Module = { exports: {}, id: filename, filename, loaded: false };
    this.modules.set(filename, module);
    const wrapper = this.compile(filename, bytes, cached).runInThisContext() as Wrapper;
    const nodeRequire = createRequire(filename);
    const ownFile = (id: string) => (id.startsWith('./') || id.startsWith('../')) && id.endsWith('.cjs');
    const localRequire = Object.assign((id: string) => (ownFile(id) ? this.require(resolve(dirname(filename), id)) : nodeRequire(id)), {
      resolve: nodeRequire.resolve,
      cache: nodeRequire.cache,
      extensions: nodeRequire.extensions,
      main: undefined,
    }) as NodeJS.Require;
    try {
      wrapper.call(module.exports, module.exports, localRequire, module, filename, dirname(filename));
    } catch (err) {
      // As Node's loader does: a file that threw is loaded afresh if required again.
      this.modules.delete(filename);
      throw err;
    }
    module.loaded = true;
    return module.exports;
  }

  private compile(filename: string, bytes: Buffer, cached: boolean): Script {
    const source = bytes.toString('utf8');
    const wrapped = wrap(source);
    // `import()` inside the bundle goes to Node's own ES module loader, as it would from an ordinary
    // CommonJS file. (Node 20 prints an ExperimentalWarning when it is used; the launcher runs the
    // commands whose files import(), `serve` and `bench`, as ES modules.)
    const options = { filename, importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER };
    if (this.cacheDir === undefined || !cached || usesDynamicImport(source)) return new Script(wrapped, options);
    const path = join(this.cacheDir, cacheEntryName(filename));
    const entry = readEntry(path, bytes);
    const script = new Script(wrapped, entry.data ? { ...options, cachedData: entry.data } : options);
    const outcome: CacheOutcome = entry.outcome !== 'ok' ? entry.outcome : script.cachedDataRejected === true ? 'rejected' : 'accepted';
    this.loaded.push({ file: filename, outcome });
    if (outcome !== 'accepted') this.toWrite.push({ script, path, source: bytes });
    return script;
  }

  /** Writes the cache of every file that had none (or a refused one), with what has been compiled so far. */
  writeCaches(): void {
    for (const { script, path, source } of this.toWrite.splice(0)) writeEntry(path, source, script.createCachedData());
  }
}

/**
 * Runs the bundle's entry (compiled from source: it only reads the arguments and picks a command)
 * and its chunks with the code cache in `D2L_CODE_CACHE_DIR`, else in `code-cache/` beside the
 * entry. (bin/d2l-workbench.cjs runs the ES module build instead when D2L_CODE_CACHE=0.)
 */
export function runWithCodeCache(entry: string, env: NodeJS.ProcessEnv = process.env): CodeCachedLoader {
  const cacheDir = env.D2L_CODE_CACHE_DIR || join(dirname(entry), 'code-cache');
  const loader = new CodeCachedLoader(cacheDir);
  process.once('exit', () => loader.writeCaches());
  loader.require(entry, false);
  return loader;
}

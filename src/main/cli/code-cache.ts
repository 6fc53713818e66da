// Runs the CommonJS build of the CLI (out/main/cli.cjs and its chunks) through V8's code cache
// (issue 15). Node 20 caches no compiled code for user modules (module.enableCompileCache is
// Node ≥ 22.1), and compiling the engine and the catalog is a large share of a `train`'s whole
// process; a script compiled by `vm.Script` can take the bytecode V8 produced for it last time.
//
// The cache is never trusted blindly. Each file's cache entry is named after a hash of the file's
// text and of the Node/V8 build and flags (V8 itself compares only the source's length), carries a
// SHA-256 of its own bytes (a torn or corrupted file is not handed to V8), and V8's own check
// (`cachedDataRejected`) still applies. A file whose cache was missing or refused is compiled
// from source and its cache written when the process exits, after the command ran, so the
// functions it compiled lazily are in it. Any failure to read or write the cache only costs speed.
import type * as Crypto from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { Script, constants as vmConstants } from 'node:vm';

/** What happened to one file's cache: used (`accepted`), refused by V8, absent, or failing its checksum. */
export type CacheOutcome = 'accepted' | 'rejected' | 'missing' | 'corrupt';

export interface LoadedFile {
  file: string;
  outcome: CacheOutcome;
}

const DIGEST_BYTES = 32;

// Loaded with the first cached file: `--version`, whose one file is compiled from source, does not
// pay for loading node:crypto.
const createHash = (algorithm: string): Crypto.Hash => process.getBuiltinModule('node:crypto').createHash(algorithm);

/** Node's CommonJS wrapper, on one line so that line numbers in stacks stay true. */
const wrap = (source: string): string => `(function (exports, require, module, __filename, __dirname) { ${source}\n});`;
const WRAPPER_VERSION = 1;

/** The cache entry's name for a file's text: changes with the text, Node, V8, the platform and V8-relevant flags. */
export function cacheEntryName(file: string, source: string): string {
  const base = file.split(/[\\/]/).pop() ?? 'script';
  const hash = createHash('sha256')
    .update(`${WRAPPER_VERSION}\0${process.version}\0${process.versions.v8}\0${process.arch}\0${process.platform}\0${process.execArgv.join(' ')}\0`)
    .update(source)
    .digest('hex')
    .slice(0, 32);
  return `${base}.${hash}.v8cache`;
}

/** The V8 data in an entry, or undefined when the entry is missing or its checksum is wrong. */
function readEntry(path: string): { data?: Buffer; outcome: 'missing' | 'corrupt' | 'ok' } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return { outcome: 'missing' };
  }
  if (bytes.length <= DIGEST_BYTES) return { outcome: 'corrupt' };
  const data = bytes.subarray(DIGEST_BYTES);
  const digest = createHash('sha256').update(data).digest();
  return digest.equals(bytes.subarray(0, DIGEST_BYTES)) ? { data, outcome: 'ok' } : { outcome: 'corrupt' };
}

/** Written whole under a temporary name, then renamed: a reader never sees half an entry. */
function writeEntry(path: string, data: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, Buffer.concat([createHash('sha256').update(data).digest(), data]));
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
  private readonly toWrite: { script: Script; path: string }[] = [];
  readonly loaded: LoadedFile[] = [];

  /** `cacheDir` undefined: compile from source and write nothing (the cache is switched off). */
  constructor(private readonly cacheDir: string | undefined) {}

  /** `cached` false: compile from source (for a small entry, cheaper than loading the hash function). */
  require(filename: string, cached = true): unknown {
    const known = this.modules.get(filename);
    if (known) return known.exports;
    const source = readFileSync(filename, 'utf8');
    const module: Module = { exports: {}, id: filename, filename, loaded: false };
    this.modules.set(filename, module);
    const wrapper = this.compile(filename, source, cached).runInThisContext() as Wrapper;
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

  private compile(filename: string, source: string, cached: boolean): Script {
    const wrapped = wrap(source);
    // `import()` inside the bundle (the prebuilt experiment list, optional bench packages) goes to
    // Node's own ES module loader, as it would from an ordinary CommonJS file.
    const options = { filename, importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER };
    if (this.cacheDir === undefined || !cached) return new Script(wrapped, options);
    const path = join(this.cacheDir, cacheEntryName(filename, source));
    const entry = readEntry(path);
    const script = new Script(wrapped, entry.data ? { ...options, cachedData: entry.data } : options);
    const outcome: CacheOutcome = entry.outcome !== 'ok' ? entry.outcome : script.cachedDataRejected === true ? 'rejected' : 'accepted';
    this.loaded.push({ file: filename, outcome });
    if (outcome !== 'accepted') this.toWrite.push({ script, path });
    return script;
  }

  /** Writes the cache of every file that had none (or a refused one), with what has been compiled so far. */
  writeCaches(): void {
    for (const { script, path } of this.toWrite.splice(0)) writeEntry(path, script.createCachedData());
  }
}

/**
 * Runs the bundle's entry (compiled from source: it only reads the arguments and picks a command)
 * and its chunks with the code cache in `D2L_CODE_CACHE_DIR`, else in `code-cache/` beside the
 * entry. (bin/d2l-workbench.js runs the ES module build instead when D2L_CODE_CACHE=0.)
 */
export function runWithCodeCache(entry: string, env: NodeJS.ProcessEnv = process.env): CodeCachedLoader {
  const cacheDir = env.D2L_CODE_CACHE_DIR || join(dirname(entry), 'code-cache');
  const loader = new CodeCachedLoader(cacheDir);
  process.once('exit', () => loader.writeCaches());
  loader.require(entry, false);
  return loader;
}

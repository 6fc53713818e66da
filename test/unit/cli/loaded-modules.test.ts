// What the built CLI loads for a command (issue 15): arguments are read first and only the
// command's own modules load, so `--version` never compiles the engine or the experiment catalog
// and `train` never loads the web server. Each spawned CLI records the files Node loads (module
// hooks in test/fixtures/record-module-loads.mjs); out/main-chunks.json (written by the build)
// says which source modules each built file holds. Structure only: no timing is asserted (the
// start-up figures are in `npm run bench:start`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/main/version';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin', 'd2l-workbench.cjs');
const OUT = join(ROOT, 'out', 'main');
const CHUNKS = join(ROOT, 'out', 'main-chunks.json');
const built = existsSync(join(OUT, 'cli.js')) && existsSync(CHUNKS);
if (!built) console.warn('SKIPPING built-CLI module checks: out/main/cli.js or out/main-chunks.json is missing (run `npm run build`)');

const HOOKS = pathToFileURL(join(ROOT, 'test', 'fixtures', 'record-module-loads.mjs')).href;
const REGISTER = `data:text/javascript,import{register}from'node:module';register(${JSON.stringify(HOOKS)});`;
const scratch = mkdtempSync(join(tmpdir(), 'd2l-cli-loads-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Loaded {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Built files loaded, relative to out/main. */
  files: string[];
  /** Source modules (repository-relative) inside the loaded built files. */
  modules: string[];
  /** Files loaded from node_modules. */
  packages: string[];
  /** Node built-ins imported as ES modules (`node:zlib`, …). */
  builtins: string[];
}

let runCount = 0;

/** Runs the CLI as a user does, through its bin launcher. */
function run(args: string[]): Loaded {
  const record = join(scratch, `loads-${++runCount}.txt`);
  const r = spawnSync(process.execPath, ['--import', REGISTER, BIN, ...args], {
    // The ES module build: the recorder hooks Node's module loader, which the code-cached CommonJS
    // build (out/main/cli.cjs, same chunk split) bypasses.
    encoding: 'utf8', env: { ...process.env, D2L_RECORD_LOADS: record, D2L_WORKBENCH_DATA: scratch, D2L_CODE_CACHE: '0' },
  });
  const urls = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n') : [];
  const paths = urls.filter((u) => u.startsWith('file:')).map((u) => new URL(u).pathname);
  const files = paths.filter((p) => p.startsWith(`${OUT}/`)).map((p) => p.slice(OUT.length + 1));
  const byFile = new Map((JSON.parse(readFileSync(CHUNKS, 'utf8')) as { chunks: { file: string; modules: string[] }[] }).chunks.map((c) => [c.file, c.modules]));
  return {
    status: r.status, stdout: r.stdout, stderr: r.stderr, files,
    modules: files.flatMap((f) => byFile.get(f) ?? [`(not in the chunk map: ${f})`]),
    packages: paths.filter((p) => p.includes('/node_modules/')),
    builtins: [...new Set(urls.filter((u) => u.startsWith('node:')))],
  };
}

const matching = (modules: string[], pattern: RegExp): string[] => modules.filter((m) => pattern.test(m));

describe.skipIf(!built)('the built CLI loads only what the command needs', () => {
  it('`d2l-workbench --version` prints the version without loading the engine, the catalog or any package', () => {
    const r = run(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${VERSION}\n`);
    // The recorder saw the CLI itself, so the empty lists below are not a recorder that saw nothing.
    expect(r.modules).toContain('src/main/cli/main.ts');
    expect(matching(r.modules, /^src\/main\/(engine|experiments|services|web|handlers)\//)).toEqual([]);
    expect(matching(r.modules, /^src\/main\/cli\/(help|usage|train|serve|bench|runs|export|notes|experiments)\.ts$/)).toEqual([]);
    expect(r.packages).toEqual([]);
  });

  it('`--help` loads neither the engine nor the catalog nor any command', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/d2l-workbench train <experiment>/);
    expect(r.stdout).toMatch(/`d2l-workbench train --help` lists them all/);
    expect(r.modules).toContain('src/main/cli/help.ts');
    expect(matching(r.modules, /^src\/main\/(engine|experiments|services|web|handlers)\//)).toEqual([]);
    expect(matching(r.modules, /^src\/main\/cli\/(train|serve|bench|runs|export|notes|experiments)\.ts$/)).toEqual([]);
    expect(r.packages).toEqual([]);
  });

  it('`train --help` lists the catalog\'s flags without loading the train command', () => {
    const r = run(['train', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Hyperparameter flags: .*--lr/);
    expect(r.modules).toContain('src/main/experiments/catalog.ts');
    expect(matching(r.modules, /^src\/main\/cli\/(train|serve|bench|runs|export|notes|experiments)\.ts$/)).toEqual([]);
    expect(matching(r.modules, /^src\/main\/(web|handlers)\//)).toEqual([]);
  });

  it('`train … --no-save` loads the engine and the catalog, not the web server, the notes, the run store or the bench', () => {
    const r = run(['train', 'linreg-concise', '--epochs', '1', '--no-save']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^epoch 1, loss /m);
    expect(r.modules).toContain('src/main/engine/index.ts');
    expect(r.modules).toContain('src/main/experiments/catalog.ts');
    expect(matching(r.modules, /^src\/main\/(web|handlers|bench|services\/notes)\/|^src\/main\/services\/runs\/store\.ts$|node_modules\/ws\//)).toEqual([]);
    expect(r.packages.filter((p) => /\/node_modules\/(ws|fflate)\//.test(p))).toEqual([]);
    // The usage text names the export formats without building the run record schemas.
    expect(matching(r.modules, /^src\/shared\/(runs|training-schema)\.ts$/)).toEqual([]);
    // zlib loads with the first gzipped dataset file, which this program never reads.
    expect(r.builtins).toContain('node:path');
    expect(r.builtins).not.toContain('node:zlib');
    // Importing node:util as an ES module would load all its lazy parts (parseArgs, MIMEType, …).
    expect(r.builtins).not.toContain('node:util');
    // Nothing on this path validates a request: the dataset limits come without their schemas.
    expect(matching(r.modules, /node_modules\/valibot\//)).toEqual([]);
  });
});

/** Node's internal modules (`NativeModule stream`, …) loaded by a whole process: `node -r recorder …args`. */
function nodeModulesLoaded(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string; modules: string[] } {
  const record = join(scratch, `builtins-${++runCount}.txt`);
  const r = spawnSync(process.execPath, ['-r', join(ROOT, 'test', 'fixtures', 'record-builtins.cjs'), ...args], {
    encoding: 'utf8', env: { ...process.env, D2L_RECORD_BUILTINS: record, D2L_WORKBENCH_DATA: scratch, ...env },
  });
  const modules = existsSync(record) ? readFileSync(record, 'utf8').trim().split('\n').filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)) : [];
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, modules };
}

const builtCjs = existsSync(join(OUT, 'cli.cjs')) && existsSync(join(OUT, 'code-cache.cjs'));
describe.skipIf(!builtCjs)('the bin launcher runs the seed program with the Node built-ins a bare `node` loads, plus os and vm', () => {
  // Each of these cost milliseconds of a `train` whose whole process is meant to stay near a bare
  // `node -e 0` (issue 15): the ES module loader, node:crypto (~9 ms), the stream modules behind
  // process.stdout (~9 ms), node:fs/promises (~5 ms) and perf_hooks (~3.5 ms).
  const avoidable = /^(crypto|fs\/promises|perf_hooks|stream|net|tty|zlib|internal\/modules\/esm\/(translators|module_job|resolve))$/;

  it('`train linreg-concise --no-save` (stdout and stderr piped, cache cold then warm)', () => {
    const bare = nodeModulesLoaded(['-e', '0']);
    expect(bare.modules.length).toBeGreaterThan(20);
    for (const round of ['cold', 'warm']) {
      const r = nodeModulesLoaded([BIN, 'train', 'linreg-concise', '--epochs', '1', '--no-save'], { D2L_CODE_CACHE_DIR: join(scratch, 'builtins-cache') });
      expect(r.status, round).toBe(0);
      expect(r.stdout).toMatch(/^epoch 1, loss /m);
      expect(r.modules.filter((m) => avoidable.test(m)), round).toEqual([]);
      expect(r.modules.filter((m) => !bare.modules.includes(m)).sort(), round).toEqual(['os', 'vm']);
    }
  });

  it('saving a run loads what writing files needs, and only then', () => {
    const r = nodeModulesLoaded([BIN, 'train', 'linreg-concise', '--epochs', '1']);
    expect(r.stderr).toMatch(/saved in /);
    expect(r.status).toBe(0);
    expect(r.modules).toContain('fs/promises');
  });
});

interface MainChunk {
  file: string;
  imports: string[];
  dynamicImports: string[];
  modules: string[];
}

/** Source modules of a built file and of every file it imports statically: what loads with it. */
function staticClosure(byFile: Map<string, MainChunk>, file: string, seen = new Set<string>()): string[] {
  if (seen.has(file) || !byFile.has(file)) return [];
  seen.add(file);
  const chunk = byFile.get(file)!;
  return [...chunk.modules, ...chunk.imports.flatMap((dep) => staticClosure(byFile, dep, seen))];
}

describe.skipIf(!built)('`serve` listens before it loads the services', () => {
  const byFile = (): Map<string, MainChunk> =>
    new Map((JSON.parse(readFileSync(CHUNKS, 'utf8')) as { chunks: MainChunk[] }).chunks.map((c) => [c.file, c]));
  const holding = (all: Map<string, MainChunk>, module: string): MainChunk => {
    const found = [...all.values()].filter((c) => c.modules.includes(module));
    expect(found, `one built file holds ${module}`).toHaveLength(1);
    return found[0]!;
  };

  it('the serve command\'s file and its static imports hold the web server but no engine, catalog, notes, run store or handlers', () => {
    const all = byFile();
    const loaded = staticClosure(all, holding(all, 'src/main/cli/serve.ts').file);
    expect(loaded).toContain('src/main/web/server.ts');
    expect(matching(loaded, /^src\/main\/(engine|experiments|services\/(training|runs|notes|datasets))\/|^src\/main\/handlers\/index\.ts$|^notes\//)).toEqual([]);
    // ws (with https, tls and zlib) loads after the server listens: the page needs it only later.
    expect(matching(loaded, /node_modules\/ws\//)).toEqual([]);
  });

  it('the services (handlers, training, run store) are one dynamic import away from it', () => {
    const all = byFile();
    const serve = holding(all, 'src/main/cli/serve.ts');
    const services = holding(all, 'src/main/cli/serve-services.ts');
    expect(serve.dynamicImports).toContain(services.file);
    const loaded = staticClosure(all, services.file);
    for (const m of ['src/main/handlers/index.ts', 'src/main/services/training/service.ts', 'src/main/services/runs/store.ts', 'src/main/experiments/catalog.ts']) {
      expect(loaded).toContain(m);
    }
  });
});

describe.skipIf(!built)('`serve` whose services cannot start', () => {
  it('exits with the error, as when it checked the data folder before listening', () => {
    const notAFolder = join(scratch, 'data-is-a-file');
    writeFileSync(notAFolder, 'x');
    const r = spawnSync(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', notAFolder], { encoding: 'utf8', timeout: 30_000 });
    expect(r.signal).toBeNull();
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/^d2l-workbench serve: .*data-is-a-file/m);
    // The launcher runs `serve` as ES modules: no warning about vm scripts' import().
    expect(r.stderr).not.toMatch(/ExperimentalWarning/);
  });
});

// Compiles the wasm backend's kernels (native/wasm/*.ts, AssemblyScript) into two modules:
// plain 128-bit SIMD, which every current runtime runs, and relaxed SIMD (fused multiply-add),
// which the loader picks only where WebAssembly.validate accepts it (Electron's V8 does; Node 20's
// needs --experimental-wasm-relaxed-simd). The compiler is plain JavaScript from npm: nothing is
// downloaded. Up-to-date outputs are left alone, so every entry point can call this cheaply:
// electron-vite's build (a plugin in electron.vite.config.ts ships the files in out/main/wasm/),
// vitest (its config), and `node scripts/build-wasm.mjs` by hand.
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const WASM_SOURCE_DIR = join(ROOT, 'native', 'wasm');
export const WASM_BUILD_DIR = join(WASM_SOURCE_DIR, 'build');

// The memory is imported and shared: the JavaScript side creates it, and views over it stay
// valid when it grows (a non-shared memory detaches every view on growth). 65536 pages = 4 GiB,
// the wasm32 limit; V8 reserves address space, not memory, for it.
const COMMON = [
  '-O3', '--noAssert', '--runtime', 'stub', '--use', 'abort=',
  '--importMemory', '--sharedMemory', '--initialMemory', '1', '--maximumMemory', '65536',
  '--enable', 'simd', '--enable', 'threads',
];

/** The modules built, in the order the loader prefers them. */
export const WASM_VARIANTS = [
  { name: 'relaxed-simd', file: 'd2l-kernels-relaxed-simd.wasm', flags: ['--enable', 'relaxed-simd'] },
  { name: 'simd', file: 'd2l-kernels-simd.wasm', flags: [] },
];

function newestSourceMtime() {
  const sources = readdirSync(WASM_SOURCE_DIR).filter((f) => f.endsWith('.ts')).map((f) => join(WASM_SOURCE_DIR, f));
  const compiler = join(ROOT, 'node_modules', 'assemblyscript', 'package.json');
  return Math.max(...[...sources, fileURLToPath(import.meta.url), compiler].map((f) => statSync(f).mtimeMs));
}

function isFresh(path, sourceMtime) {
  try {
    return statSync(path).mtimeMs >= sourceMtime;
  } catch {
    return false;
  }
}

/** Compiles one variant to bytes; throws with the compiler's diagnostics on failure. */
async function compile(variant) {
  const { default: asc } = await import('assemblyscript/asc');
  let binary;
  let diagnostics = '';
  const sink = { write: (chunk) => { diagnostics += String(chunk); return true; } };
  const { error } = await asc.main(
    [join(WASM_SOURCE_DIR, 'index.ts'), '--outFile', 'kernels.wasm', ...COMMON, ...variant.flags],
    {
      stdout: sink,
      stderr: sink,
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm')) binary = contents;
      },
    },
  );
  if (error || !binary) throw new Error(`AssemblyScript failed to compile ${variant.file}: ${error?.message ?? 'no output'}\n${diagnostics}`);
  return binary;
}

/**
 * Builds every variant into `outDir` unless it is newer than all its inputs. Returns the paths.
 * Each file is written under a temporary name and renamed, so a concurrent reader never sees half.
 */
export async function buildWasm({ outDir = WASM_BUILD_DIR, force = false, log = () => {} } = {}) {
  const sourceMtime = newestSourceMtime();
  mkdirSync(outDir, { recursive: true });
  const built = [];
  for (const variant of WASM_VARIANTS) {
    const path = join(outDir, variant.file);
    if (force || !isFresh(path, sourceMtime)) {
      log(`compiling ${variant.file}`);
      const tmp = `${path}.${process.pid}.tmp`;
      writeFileSync(tmp, await compile(variant));
      renameSync(tmp, path);
    }
    built.push({ ...variant, path });
  }
  return built;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildWasm({ force: process.argv.includes('--force'), log: (m) => process.stderr.write(`build-wasm: ${m}\n`) }).then(
    (built) => {
      for (const b of built) process.stdout.write(`${b.path}\n`);
    },
    (err) => {
      process.stderr.write(`build-wasm: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}

// Finds and instantiates the wasm backend's kernels. `npm run build` compiles them
// (scripts/build-wasm.mjs) and ships them in out/main/wasm/; running from source (vitest) they
// are in native/wasm/build/. Two builds exist: relaxed SIMD (fused multiply-add) is used where
// WebAssembly.validate accepts it, plain SIMD elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type WasmVariant = 'relaxed-simd' | 'simd';

/** File names as scripts/build-wasm.mjs writes them, in order of preference. */
export const WASM_FILES: Record<WasmVariant, string> = {
  'relaxed-simd': 'd2l-kernels-relaxed-simd.wasm',
  simd: 'd2l-kernels-simd.wasm',
};

/** The kernels' exports (native/wasm/index.ts); pointers are byte offsets, flags 0/1. */
export interface WasmKernels {
  sgemm(
    transA: number, transB: number, m: number, n: number, k: number, alpha: number,
    a: number, lda: number, b: number, ldb: number, beta: number, c: number, ldc: number, work: number,
  ): void;
  workBytes(m: number, n: number, k: number): number;
  relu(x: number, y: number, n: number): void;
  reluBackward(g: number, y: number, d: number, n: number): void;
  heapBase(): number;
}

export interface LoadedKernels {
  kernels: WasmKernels;
  memory: WebAssembly.Memory;
  variant: WasmVariant;
  path: string;
}

// Bundled: out/main/*.js or out/main/chunks/*.js. From source: src/main/engine/backend/*.ts,
// four levels below the root; 5 levels covers both with room.
const MAX_LEVELS_UP = 5;

/** Folders looked in, in order: D2L_WASM_DIR alone, else wasm/ beside the bundle, else native/wasm/build/ in an ancestor. */
export function wasmKernelDirs(moduleUrl: string = import.meta.url, env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.D2L_WASM_DIR) return [env.D2L_WASM_DIR];
  const here = dirname(fileURLToPath(moduleUrl));
  const dirs = [join(here, 'wasm'), join(dirname(here), 'wasm')];
  let dir = here;
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    dirs.push(join(dir, 'native', 'wasm', 'build'));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return [...new Set(dirs)];
}

function parseVariant(value: string | undefined): WasmVariant | undefined {
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if (value === 'simd' || value === 'relaxed-simd') return value;
  throw new Error(`D2L_WASM_VARIANT must be one of auto, simd, relaxed-simd; got "${value}"`);
}

function isKernels(value: unknown): value is WasmKernels {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['sgemm', 'workBytes', 'relu', 'reluBackward', 'heapBase'].every((fn) => typeof v[fn] === 'function');
}

/**
 * Loads the best build this runtime validates (or the one D2L_WASM_VARIANT names). Throws an Error
 * naming the folders tried, or why the module cannot run here (e.g. no WebAssembly SIMD).
 */
export function loadKernels(env: NodeJS.ProcessEnv = process.env): LoadedKernels {
  const dirs = wasmKernelDirs(import.meta.url, env);
  const dir = dirs.find((d) => existsSync(join(d, WASM_FILES.simd)));
  if (!dir) throw new Error(`wasm kernels not found (tried ${dirs.join(', ')}); build them with \`npm run build\``);
  const forced = parseVariant(env.D2L_WASM_VARIANT);
  const order: WasmVariant[] = forced ? [forced] : ['relaxed-simd', 'simd'];
  const rejected: string[] = [];
  for (const variant of order) {
    const path = join(dir, WASM_FILES[variant]);
    if (!existsSync(path)) {
      rejected.push(`${path} is missing`);
      continue;
    }
    const bytes = readFileSync(path);
    if (!WebAssembly.validate(bytes)) {
      rejected.push(`this runtime does not support ${variant === 'simd' ? 'WebAssembly SIMD' : 'relaxed SIMD'} (${path})`);
      continue;
    }
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    if (!isKernels(instance.exports)) throw new Error(`wasm kernels at ${path} do not export the expected functions`);
    return { kernels: instance.exports, memory, variant, path };
  }
  throw new Error(`no usable wasm kernels: ${rejected.join('; ')}`);
}

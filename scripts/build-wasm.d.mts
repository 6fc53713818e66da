// Types for scripts/build-wasm.mjs, imported by electron.vite.config.ts, vitest.config.ts and tests.
export declare const WASM_SOURCE_DIR: string;
export declare const WASM_BUILD_DIR: string;
export interface WasmVariantSpec {
  name: 'relaxed-simd' | 'simd';
  file: string;
  flags: string[];
}
export declare const WASM_VARIANTS: WasmVariantSpec[];
export declare function buildWasm(options?: {
  outDir?: string;
  force?: boolean;
  log?: (message: string) => void;
}): Promise<(WasmVariantSpec & { path: string })[]>;

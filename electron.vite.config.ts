import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { buildWasm, WASM_SOURCE_DIR } from './scripts/build-wasm.mjs';

/**
 * Compiles the wasm backend's kernels (native/wasm, AssemblyScript) when the main build starts and
 * ships them as out/main/wasm/*.wasm, where src/main/engine/backend/wasm-module.ts looks first.
 */
function wasmKernels(): Plugin {
  let built: Awaited<ReturnType<typeof buildWasm>> = [];
  return {
    name: 'd2l-wasm-kernels',
    async buildStart() {
      built = await buildWasm();
      this.addWatchFile(WASM_SOURCE_DIR);
    },
    generateBundle() {
      for (const b of built) this.emitFile({ type: 'asset', fileName: `wasm/${b.file}`, source: readFileSync(b.path) });
    },
  };
}

// One build produces every Node entry the project ships: the Electron main process, the CLI
// (which also serves web mode), the public engine entry, and the training worker.
export default defineConfig({
  main: {
    plugins: [wasmKernels()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          engine: resolve(__dirname, 'src/main/engine/index.ts'),
          'train-worker': resolve(__dirname, 'src/main/services/training/worker-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot load ES modules: emit CommonJS.
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [svelte()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});

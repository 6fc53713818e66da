import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { buildWasm } from './scripts/build-wasm.mjs';

// Tests never touch the user's real data directory: anything that falls back to the default
// (D2L_WORKBENCH_DATA) writes into a fresh temporary folder instead.
const scratchData = mkdtempSync(join(tmpdir(), 'd2l-vitest-data-'));

// The wasm backend's kernels, from source, into native/wasm/build/ (a no-op when up to date), so
// tests run without a prior `npm run build`.
const wasm = await buildWasm();

/** Loads the OpenBLAS addon the way the engine does; the reason it cannot, if it cannot. */
function nativeUnavailable(): string | undefined {
  try {
    createRequire(import.meta.url)('./native/build/Release/d2l_blas.node');
    return undefined;
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).split('\n')[0];
  }
}

/**
 * The node flag that makes this runtime validate the relaxed-SIMD build ('' when it needs none),
 * or undefined when it cannot run it at all. Node 20's V8 needs --experimental-wasm-relaxed-simd.
 */
function relaxedSimdFlag(): string | undefined {
  const path = wasm.find((w) => w.name === 'relaxed-simd')!.path;
  const probe = `process.exit(WebAssembly.validate(require('fs').readFileSync(${JSON.stringify(path)})) ? 0 : 1)`;
  for (const flag of ['', '--experimental-wasm-relaxed-simd']) {
    const r = spawnSync(process.execPath, [...(flag ? [flag] : []), '-e', probe], { stdio: 'ignore' });
    if (r.status === 0) return flag;
  }
  return undefined;
}

// The golden suite (PyTorch fixtures) runs once per backend, chosen through WORKBENCH_BACKEND as a
// user would; the unit tests run once, on whatever the engine picks by itself.
const goldenProject = (backend: 'native' | 'wasm' | 'ts'): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: `golden-${backend}`,
    include: ['test/golden/**/*.test.ts'],
    env: { D2L_WORKBENCH_DATA: scratchData, WORKBENCH_BACKEND: backend },
  },
});

const projects: TestProjectInlineConfiguration[] = [
  { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: ['test/unit/renderer-stores/**'] } },
  // The renderer's stores are Svelte modules (runes): compiled as the renderer build compiles them.
  { extends: true, plugins: [svelte({ configFile: false })], test: { name: 'renderer-stores', include: ['test/unit/renderer-stores/**/*.test.ts'] } },
  goldenProject('wasm'),
  goldenProject('ts'),
];
const whyNoNative = nativeUnavailable();
if (whyNoNative) console.warn(`\n*** golden tests on the native backend SKIPPED: the OpenBLAS addon does not load (${whyNoNative})\n`);
else projects.push(goldenProject('native'));

// The backend suites once more on the relaxed-SIMD build, which Node picks only behind a flag.
const relaxed = relaxedSimdFlag();
if (relaxed === undefined) console.warn('\n*** wasm relaxed-SIMD conformance SKIPPED: this Node cannot validate the relaxed-SIMD build\n');
else {
  projects.push({
    extends: true,
    test: {
      name: 'wasm-relaxed-simd',
      include: ['test/unit/engine/backend-*.test.ts'],
      env: { D2L_WORKBENCH_DATA: scratchData, D2L_WASM_VARIANT: 'relaxed-simd' },
      execArgv: relaxed ? [relaxed] : [],
    },
  });
}

export default defineConfig({
  test: {
    environment: 'node',
    env: { D2L_WORKBENCH_DATA: scratchData },
    // Limits that hold when the suite shares two cores with other work (issue 12): a test that
    // takes seconds alone took several times that under load, and hooks (a Vite build) too.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/reporters/vitest-summary.ts'],
    projects,
  },
});

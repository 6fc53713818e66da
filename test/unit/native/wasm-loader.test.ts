// Where the wasm kernels are looked for, how a build is chosen, what a failure says, and that
// `npm run build` ships the same modules the source build produces and the bundle loads them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKernels, wasmKernelDirs, WASM_FILES } from '../../../src/main/engine/backend/wasm-module';
import { WASM_BUILD_DIR, WASM_VARIANTS } from '../../../scripts/build-wasm.mjs';

const BUILD = join('native', 'wasm', 'build');
const ROOT = join(__dirname, '..', '..', '..');

describe('wasmKernelDirs', () => {
  it('finds the source build from src/main/engine/backend', () => {
    expect(wasmKernelDirs('file:///repo/src/main/engine/backend/wasm-module.ts', {})).toContain(join('/repo', BUILD));
  });

  it('looks beside the bundle first (out/main/wasm), from out/main and out/main/chunks', () => {
    expect(wasmKernelDirs('file:///repo/out/main/cli.js', {})[0]).toBe('/repo/out/main/wasm');
    expect(wasmKernelDirs('file:///repo/out/main/chunks/engine-abc.js', {}).slice(0, 2)).toEqual(['/repo/out/main/chunks/wasm', '/repo/out/main/wasm']);
  });

  it('uses only D2L_WASM_DIR when it is set', () => {
    expect(wasmKernelDirs('file:///repo/out/main/cli.js', { D2L_WASM_DIR: '/x/wasm' })).toEqual(['/x/wasm']);
  });

  it('agrees with the build script on file names', () => {
    expect(Object.fromEntries(WASM_VARIANTS.map((v) => [v.name, v.file]))).toEqual(WASM_FILES);
  });
});

describe('loadKernels', () => {
  it('names the folders it tried when no build is there', () => {
    expect(() => loadKernels({ D2L_WASM_DIR: '/nonexistent/wasm' })).toThrow('wasm kernels not found (tried /nonexistent/wasm); build them with `npm run build`');
  });

  it('rejects an unknown D2L_WASM_VARIANT', () => {
    expect(() => loadKernels({ D2L_WASM_VARIANT: 'avx' })).toThrow('D2L_WASM_VARIANT must be one of auto, simd, relaxed-simd; got "avx"');
  });

  it('says why when a file is not a module this runtime accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2l-wasm-'));
    writeFileSync(join(dir, WASM_FILES.simd), 'not wasm');
    expect(() => loadKernels({ D2L_WASM_DIR: dir, D2L_WASM_VARIANT: 'simd' })).toThrow(/no usable wasm kernels: this runtime does not support WebAssembly SIMD/);
  });

  it('falls back to plain SIMD when the relaxed build is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2l-wasm-'));
    writeFileSync(join(dir, WASM_FILES.simd), readFileSync(join(WASM_BUILD_DIR, WASM_FILES.simd)));
    expect(loadKernels({ D2L_WASM_DIR: dir }).variant).toBe('simd');
  });
});

const OUT_WASM = join(ROOT, 'out', 'main', 'wasm');
const built = existsSync(join(ROOT, 'out', 'main', 'engine.js'));
if (!built) console.warn('SKIPPING built-output wasm checks: out/main/engine.js is missing (run `npm run build`)');

describe.skipIf(!built)('the built app ships and loads the kernels', () => {
  it('out/main/wasm holds exactly the modules the source build produces', () => {
    for (const v of WASM_VARIANTS) {
      expect(readFileSync(join(OUT_WASM, v.file)).equals(readFileSync(join(WASM_BUILD_DIR, v.file)))).toBe(true);
    }
  });

  it('the bundled engine loads them from out/main/wasm when WORKBENCH_BACKEND=wasm', () => {
    const script = `import('${join(ROOT, 'out', 'main', 'engine.js')}').then((e) => {
      const b = e.getBackend();
      console.log(JSON.stringify({ name: b.name, path: b.path, status: e.backendStatus() }));
    })`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8', env: { ...process.env, WORKBENCH_BACKEND: 'wasm', D2L_WASM_DIR: '', D2L_WASM_VARIANT: '' },
    });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as { name: string; path: string; status: { label: string; fallbackReason?: string } };
    expect(got.name).toBe('wasm');
    expect(got.path.startsWith(OUT_WASM)).toBe(true);
    expect(got.status.label).toMatch(/^WebAssembly (relaxed )?SIMD$/);
    expect(got.status.fallbackReason).toBe('WebAssembly backend requested');
  });

  it('a forced wasm backend whose kernels are missing is an error, never a silent fallback', () => {
    const script = `import('${join(ROOT, 'out', 'main', 'engine.js')}').then((e) => {
      try { e.getBackend(); console.log('no error'); } catch (err) { console.log(err.message); }
    })`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8', env: { ...process.env, WORKBENCH_BACKEND: 'wasm', D2L_WASM_DIR: '/nonexistent/wasm' },
    });
    expect(r.stdout.trim()).toBe('wasm backend requested but unavailable: wasm kernels not found (tried /nonexistent/wasm); build them with `npm run build`');
  });
});

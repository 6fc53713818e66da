// OpenBLAS loads with one thread and gets its default count with the first product large enough to
// use threads (issue 15: its threads cost a tiny `train` ~14 ms). Each check runs in a fresh
// process, as OpenBLAS reads its environment once, when it loads.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { THREADED_PRODUCT_MIN, defaultBlasThreads, deferBlasThreads } from '../../../src/main/engine/backend/native';

describe('deferBlasThreads / defaultBlasThreads', () => {
  it('defers only when the user chose no count', () => {
    expect(deferBlasThreads({})).toBe(true);
    expect(deferBlasThreads({ OPENBLAS_NUM_THREADS: '' })).toBe(true);
    for (const name of ['OPENBLAS_NUM_THREADS', 'GOTO_NUM_THREADS', 'OMP_NUM_THREADS']) expect(deferBlasThreads({ [name]: '3' }), name).toBe(false);
  });

  it('is every core, capped at the build\'s MAX_THREADS', () => {
    expect(defaultBlasThreads('OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64', 2)).toBe(2);
    expect(defaultBlasThreads('OpenBLAS 0.3.21 MAX_THREADS=4', 16)).toBe(4);
    expect(defaultBlasThreads('OpenBLAS 0.3.21', 6)).toBe(6);
  });
});

const ROOT = resolve(import.meta.dirname, '../../..');
const ADDON = join(ROOT, 'native', 'build', 'Release', 'd2l_blas.node');
const ENGINE = join(ROOT, 'out', 'main', 'engine.js');
const ready = existsSync(ADDON) && existsSync(ENGINE);
if (!ready) console.warn('SKIPPING the deferred OpenBLAS threads checks: the native addon or out/main/engine.js is not built');

/** Loads the engine's native backend in a fresh process; reports OpenBLAS's own count as it goes. */
function probe(env: Record<string, string | undefined>): Record<string, unknown> {
  const script = `
    const e = await import(${JSON.stringify(ENGINE)});
    e.setBackend('native');
    // The same loaded library as the backend's (after it: this require must not be what loads it).
    const addon = (await import('node:module')).createRequire(import.meta.url)(${JSON.stringify(ADDON)});
    const out = { envAfterLoad: process.env.OPENBLAS_NUM_THREADS ?? null, reported: e.backendStatus().threads, atLoad: addon.openblas_get_num_threads() };
    e.ones([64, 64]).matmul(e.ones([64, 64]));
    out.afterSmall = addon.openblas_get_num_threads();
    const n = Math.ceil(Math.cbrt(${THREADED_PRODUCT_MIN}));
    e.ones([n, n]).matmul(e.ones([n, n]));
    out.afterLarge = addon.openblas_get_num_threads();
    out.reportedAfter = e.backendStatus().threads;
    console.log(JSON.stringify(out));`;
  const clean = { ...process.env };
  for (const k of ['OPENBLAS_NUM_THREADS', 'GOTO_NUM_THREADS', 'OMP_NUM_THREADS']) delete clean[k];
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...clean, ...env } });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe.skipIf(!ready)('the native backend\'s OpenBLAS threads', () => {
  it('start at one and reach the default count with the first large product, reported as that count throughout', () => {
    const want = Math.min(availableParallelism(), 64);
    const r = probe({});
    expect(r).toMatchObject({ envAfterLoad: null, atLoad: 1, afterSmall: 1, reported: r.reportedAfter });
    expect(r.afterLarge).toBe(r.reportedAfter);
    expect(r.afterLarge).toBeGreaterThanOrEqual(1);
    expect(r.afterLarge).toBeLessThanOrEqual(want);
  });

  it('are what the user set when OPENBLAS_NUM_THREADS is set, before and after', () => {
    expect(probe({ OPENBLAS_NUM_THREADS: '1' })).toMatchObject({ envAfterLoad: '1', atLoad: 1, afterSmall: 1, afterLarge: 1, reported: 1, reportedAfter: 1 });
  });
});

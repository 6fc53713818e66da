// Loads the optional OpenBLAS addon (native/build/Release/d2l_blas.node). It is required at run
// time through createRequire so no bundler ever tries to inline a binary, and it is looked for
// relative to this module both when running from source (src/main/engine/backend/) and from the
// built bundle (out/main/*.js, possibly out/main/chunks/*.js).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Backend, ConvKernels, FusedActivation } from './types';
import { expTable } from './exp-table';
import { reluBackwardTs, reluTs } from './ts-elementwise';
import { errorMessage } from '../../../shared/error-message';
import { MALLOC_POLICY, cachingAllocatorEnabled } from './caching-allocator';

/** The addon's exports, as native/src/addon.cc defines them. */
interface Addon {
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number,
    alpha: number, a: Float32Array, lda: number, b: Float32Array, ldb: number,
    beta: number, c: Float32Array, ldc: number,
  ): void;
  /** Absent from addons built before they were added: the TypeScript kernels stand in. */
  relu?(x: Float32Array, y: Float32Array, n: number): void;
  relu_backward?(g: Float32Array, y: Float32Array, d: Float32Array, n: number): void;
  /** The convolution kernels (native/src/conv.cc); absent from older builds. */
  conv_unfold?(x: Float32Array, work: Float32Array, geom: Int32Array, n0: number, b: number, cleanWrap: boolean): void;
  conv_fold?(dcols: Float32Array, dx: Float32Array, geom: Int32Array, n0: number, b: number): void;
  conv_scatter?(mat: Float32Array, y: Float32Array, bias: Float32Array, geom: Int32Array, n0: number, b: number, act: number, expTable: Float64Array, pooled: Float32Array): void;
  conv_gather?(gy: Float32Array, y: Float32Array, gm: Float32Array, geom: Int32Array, n0: number, b: number, act: number, pooled: boolean): void;
  /** The whole-pass convolution loops (native/src/conv.cc); absent from older builds. */
  conv_forward?(x: Float32Array, w: Float32Array, bias: Float32Array, y: Float32Array, pooled: Float32Array, geom: Int32Array, n: number, act: number, expTable: Float64Array): void;
  conv_backward?(
    gy: Float32Array, y: Float32Array, x: Float32Array, w: Float32Array, dwT: Float32Array, db: Float32Array, dx: Float32Array,
    geom: Int32Array, n: number, act: number, pooled: boolean,
  ): void;
  /** The caching allocator's glibc half; absent from older builds. False without glibc. */
  tune_malloc?(mmapThresholdBytes: number, trimThresholdBytes: number): boolean;
  openblas_get_corename(): string;
  openblas_get_config(): string;
  openblas_get_num_threads(): number;
  openblas_set_num_threads(n: number): number;
}

export interface NativeBackend extends Backend {
  readonly name: 'native';
  readonly coreName: string;
  /** OpenBLAS build configuration, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH … MAX_THREADS=64". */
  readonly config: string;
  /** Where the addon was loaded from. */
  readonly path: string;
  /** Whether glibc malloc was tuned on load (see caching-allocator.ts, MALLOC_POLICY). */
  readonly mallocTuned: boolean;
  /** Sets the OpenBLAS thread count; returns the count it actually uses (it caps requests). */
  setThreads(n: number): number;
}

const ADDON_RELATIVE = join('native', 'build', 'Release', 'd2l_blas.node');
// src/main/engine/backend is 4 levels below the root; out/main/chunks is 3: 5 covers both with room.
const MAX_LEVELS_UP = 5;

/** Paths tried in order: the D2L_NATIVE_ADDON override alone, else `native/…` in each ancestor. */
export function nativeAddonCandidates(moduleUrl: string = import.meta.url, env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env.D2L_NATIVE_ADDON;
  if (override) return [override];
  const candidates: string[] = [];
  let dir = dirname(fileURLToPath(moduleUrl));
  for (let level = 0; level <= MAX_LEVELS_UP; level++) {
    const path = join(dir, ADDON_RELATIVE);
    // Inside a packaged Electron app, native files live beside the archive, not in it.
    candidates.push(path.replace(/\bapp\.asar\b(?!\.unpacked)/, 'app.asar.unpacked'));
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return [...new Set(candidates)];
}

function isAddon(value: unknown): value is Addon {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['sgemm', 'openblas_get_corename', 'openblas_get_config', 'openblas_get_num_threads', 'openblas_set_num_threads']
    .every((fn) => typeof v[fn] === 'function');
}

/**
 * Loads the native backend. Throws an Error naming every path tried, or the loader's own message
 * (e.g. a missing libopenblas.so.0) when the file exists but cannot be opened.
 */
export function loadNative(): NativeBackend {
  const candidates = nativeAddonCandidates();
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    throw new Error(
      `native addon not found (tried ${candidates.join(', ')}); build it with \`node scripts/build-native.mjs\``,
    );
  }
  const defer = deferBlasThreads(process.env);
  let loaded: unknown;
  try {
    if (defer) process.env.OPENBLAS_NUM_THREADS = '1';
    loaded = createRequire(import.meta.url)(path);
  } catch (err) {
    throw new Error(`native addon at ${path} failed to load: ${errorMessage(err)}`);
  } finally {
    // OpenBLAS reads it once, as it loads; processes started later (PyTorch in the bench) must not inherit it.
    if (defer) delete process.env.OPENBLAS_NUM_THREADS;
  }
  if (!isAddon(loaded)) throw new Error(`native addon at ${path} does not export the expected functions`);
  return wrap(loaded, path, defer);
}

const ACT_CODE = { sigmoid: 1, relu: 2 } as const;
const actCode = (act: FusedActivation): number => (act === null ? 0 : ACT_CODE[act]);
/** The addon's "none" for an optional array (bias, pooled output). */
const NO_BIAS = new Float32Array(0);

/** The addon's convolution kernels behind the backend's interface, when the build has them all. */
function convKernels(addon: Addon, useThreads: () => void): ConvKernels | undefined {
  const { conv_unfold: unfold, conv_fold: fold, conv_scatter: scatter, conv_gather: gather } = addon;
  if (!unfold || !fold || !scatter || !gather) return undefined;
  return {
    // Measured step by step on LeNet (interleaved): the wide layout's contiguous copies still pay
    // for its extra GEMM columns for the first convolution, and the two are even for the second.
    wideLayout: true,
    unfold: (x, p, n0, b, work, cleanWrap) => unfold(x, work, p.geom, n0, b, cleanWrap),
    fold: (dcols, p, n0, b, dx) => fold(dcols, dx, p.geom, n0, b),
    scatter: (mat, y, bias, p, n0, b, act, pooled) => scatter(mat, y, bias ?? NO_BIAS, p.geom, n0, b, actCode(act), expTable(), pooled ?? NO_BIAS),
    gather: (gy, y, gm, p, n0, b, act, pooled) => gather(gy, y, gm, p.geom, n0, b, actCode(act), pooled),
    ...(addon.conv_forward && addon.conv_backward ? wholePass(addon.conv_forward, addon.conv_backward, useThreads) : {}),
  };
}

/**
 * The whole-pass loops: LeNet's epoch runs each convolution's chunks on both cores through them,
 * as many as OpenBLAS's thread count allows (`useThreads` sets it on the first pass).
 */
function wholePass(forward: NonNullable<Addon['conv_forward']>, backward: NonNullable<Addon['conv_backward']>, useThreads: () => void): Pick<ConvKernels, 'forward' | 'backward'> {
  return {
    forward: (x, w, bias, y, p, act, pooled) => {
      useThreads();
      forward(x, w, bias ?? NO_BIAS, y, pooled ?? NO_BIAS, p.geom, p.N, actCode(act), expTable());
    },
    backward: (gy, y, x, w, dwT, db, dx, p, act, pooled) => {
      useThreads();
      backward(gy, y, x, w, dwT ?? NO_BIAS, db ?? NO_BIAS, dx ?? NO_BIAS, p.geom, p.N, actCode(act), pooled);
    },
  };
}

/**
 * OpenBLAS starts its worker threads as it loads, and they spin a while waiting for work: on a
 * 2-core machine `train linreg-concise`, whose products are all too small for threads, paid ~14 ms
 * for them (issue 15). So, unless the user chose a count, OpenBLAS loads with one thread and gets
 * its own default count (every core, up to its build's MAX_THREADS) with the first product large
 * enough to use threads (sgemm.cc's kSingleThreadBelow) or the first whole-pass convolution.
 */
export function deferBlasThreads(env: NodeJS.ProcessEnv): boolean {
  return ['OPENBLAS_NUM_THREADS', 'GOTO_NUM_THREADS', 'OMP_NUM_THREADS'].every((name) => !env[name]);
}

/** The count OpenBLAS picks by itself: the cores this process may use, capped at its build's MAX_THREADS. */
export function defaultBlasThreads(config: string, cores: number = availableParallelism()): number {
  const max = /\bMAX_THREADS=(\d+)/.exec(config);
  return Math.max(1, max ? Math.min(cores, Number(max[1])) : cores);
}

/** Products of at least this many multiply-adds run on OpenBLAS's threads (native/src/sgemm.cc). */
export const THREADED_PRODUCT_MIN = 2 ** 24;

function wrap(addon: Addon, path: string, deferThreads: boolean): NativeBackend {
  const coreName = addon.openblas_get_corename();
  const config = addon.openblas_get_config();
  let threadsSet = !deferThreads;
  const setThreads = (n: number): number => {
    const set = addon.openblas_set_num_threads(n);
    threadsSet = true;
    return set;
  };
  const useThreads = (): void => {
    if (!threadsSet) setThreads(defaultBlasThreads(config));
  };
  const mallocTuned = cachingAllocatorEnabled() && addon.tune_malloc !== undefined
    && addon.tune_malloc(MALLOC_POLICY.mmapThresholdBytes, MALLOC_POLICY.trimThresholdBytes);
  return {
    name: 'native',
    coreName,
    config,
    path,
    mallocTuned,
    // The addon validates every argument and throws TypeError/RangeError.
    sgemm: threadsSet ? addon.sgemm : (...args: Parameters<Addon['sgemm']>) => {
      if (!threadsSet && args[2] * args[3] * args[4] >= THREADED_PRODUCT_MIN) useThreads();
      addon.sgemm(...args);
    },
    relu: addon.relu ?? reluTs,
    reluBackward: addon.relu_backward ?? reluBackwardTs,
    conv: convKernels(addon, useThreads),
    get threads() {
      return threadsSet ? addon.openblas_get_num_threads() : defaultBlasThreads(config);
    },
    setThreads,
  };
}

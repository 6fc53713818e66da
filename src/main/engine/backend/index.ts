// Chooses the compute backend by priority: native OpenBLAS when it loads and passes a self-test,
// else the WebAssembly SIMD kernels when they load and pass it, else pure TypeScript.
// WORKBENCH_BACKEND=ts|wasm|native forces one (a forced backend that is unavailable is an error,
// never a silent fallback).
import type { Backend, BackendName } from './types';
import { tsBackend } from './ts';
import { loadNative } from './native';
import { loadWasm } from './wasm';
import { errorMessage } from '../../../shared/error-message';

export type BackendChoice = 'auto' | BackendName;

export interface BackendStatus {
  name: BackendName;
  label: string;
  coreName?: string;
  threads: number;
  /** Why native is not active, when it is not. */
  fallbackReason?: string;
}

interface Attempt { backend?: Backend; error?: string }

let active: Backend | undefined;
let fallbackReason: string | undefined;
let nativeCache: Attempt | undefined;
let wasmCache: Attempt | undefined;

function attempt(load: () => Backend): Attempt {
  try {
    const backend = load();
    selfTest(backend);
    return { backend };
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

/** Tries the native addon once per process; the result (or the reason it failed) is cached. */
export function tryNative(): Attempt {
  nativeCache ??= attempt(loadNative);
  return nativeCache;
}

/** Tries the wasm kernels once per process; the result (or the reason they failed) is cached. */
export function tryWasm(): Attempt {
  wasmCache ??= attempt(() => loadWasm());
  return wasmCache;
}

/** A 3×2 · 2×2 product against known values, with both transposes, so a broken build is caught. */
function selfTest(b: Backend): void {
  const a = new Float32Array([1, 2, 3, 4, 5, 6]);
  const w = new Float32Array([1, -1, 0.5, 2]);
  const c = new Float32Array(6);
  b.sgemm(false, false, 3, 2, 2, 1, a, 2, w, 2, 0, c, 2);
  const want = [2, 3, 5, 5, 8, 7];
  const ct = new Float32Array(6);
  // Aᵀ stored 2×3, Bᵀ stored 2×2.
  b.sgemm(true, true, 3, 2, 2, 1, new Float32Array([1, 3, 5, 2, 4, 6]), 3, new Float32Array([1, 0.5, -1, 2]), 2, 0, ct, 2);
  for (let i = 0; i < 6; i++) {
    if (Math.abs(c[i]! - want[i]!) > 1e-5 || Math.abs(ct[i]! - want[i]!) > 1e-5) {
      throw new Error(`${b.name} backend self-test failed: got [${Array.from(c)}] / [${Array.from(ct)}], want [${want}]`);
    }
  }
}

export function parseBackendChoice(value: string | undefined): BackendChoice {
  if (value === undefined || value === '' || value === 'auto') return 'auto';
  if (value === 'native' || value === 'wasm' || value === 'ts') return value;
  throw new Error(`backend must be one of auto, native, wasm, ts; got "${value}"`);
}

/** Selects the backend. Throws when `native` or `wasm` is demanded but cannot be used. */
export function setBackend(choice: BackendChoice): Backend {
  if (choice === 'ts') {
    active = tsBackend;
    fallbackReason = 'TypeScript backend requested';
    return active;
  }
  if (choice === 'wasm') {
    const wasm = tryWasm();
    if (!wasm.backend) throw new Error(`wasm backend requested but unavailable: ${wasm.error}`);
    active = wasm.backend;
    fallbackReason = 'WebAssembly backend requested';
    return active;
  }
  const native = tryNative();
  if (native.backend) {
    active = native.backend;
    fallbackReason = undefined;
    return active;
  }
  if (choice === 'native') throw new Error(`native backend requested but unavailable: ${native.error}`);
  const wasm = tryWasm();
  if (wasm.backend) {
    active = wasm.backend;
    fallbackReason = native.error;
    return active;
  }
  active = tsBackend;
  fallbackReason = `${native.error}; wasm: ${wasm.error}`;
  return active;
}

export function getBackend(): Backend {
  return active ?? setBackend(parseBackendChoice(process.env.WORKBENCH_BACKEND));
}

function label(b: Backend): string {
  if (b.name === 'native') return `native OpenBLAS${b.coreName ? ` (${b.coreName})` : ''}`;
  if (b.name === 'wasm') return `WebAssembly ${'variant' in b && b.variant === 'relaxed-simd' ? 'relaxed SIMD' : 'SIMD'}`;
  return 'TypeScript';
}

export function backendStatus(): BackendStatus {
  const b = getBackend();
  const status: BackendStatus = { name: b.name, label: label(b), threads: b.threads };
  if (b.coreName) status.coreName = b.coreName;
  if (b.name !== 'native' && fallbackReason) status.fallbackReason = fallbackReason;
  return status;
}

export type { Backend, BackendName } from './types';

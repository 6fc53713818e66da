// What copying costs the wasm backend: the MLP step's three largest backend calls, each timed
// with its operands in ordinary Float32Arrays (copied into wasm memory and back on every call,
// as the engine's tensors are today) and as views over the backend's own storage (used in place).
import type { Backend } from '../engine/backend/types';
import { filled } from './sgemm';
import { secondsPerCall, type MeasureOptions } from './timing';

export interface CopyCostRow {
  call: string;
  /** Floats moved across the boundary per call when the operands are ordinary arrays. */
  copiedFloats: number;
  copiedUs: number;
  inPlaceUs: number;
}

type Args = Parameters<Backend['sgemm']>;

/** (shape label, sgemm arguments built by `make`, floats copied in + out per call). */
const CALLS: [string, (make: (n: number, seed: number) => Float32Array) => Args, number][] = [
  // Linear(784, 256) forward: y = x·Wᵀ + b (C read, so copied both ways).
  ['forward x·Wᵀ 256×256×784 (beta 1)', (make) => [false, true, 256, 256, 784, 1, make(256 * 784, 1), 784, make(256 * 784, 2), 784, 1, make(256 * 256, 3), 256], 2 * 256 * 784 + 2 * 256 * 256],
  // Its weight gradient: dW = gᵀ·x.
  ['weight grad gᵀ·x 256×784×256', (make) => [true, false, 256, 784, 256, 1, make(256 * 256, 4), 256, make(256 * 784, 5), 784, 0, make(256 * 784, 6), 784], 256 * 256 + 2 * 256 * 784],
  // The SGD update of that weight: w += −lr·g as a 1×n product (an axpy).
  ['SGD update 1×200704×1', (make) => [false, false, 1, 784 * 256, 1, -0.1, make(1, 7), 1, make(784 * 256, 8), 784 * 256, 1, make(784 * 256, 9), 784 * 256], 3 * 784 * 256],
];

export function wasmCopyCost(backend: Backend, opts: MeasureOptions): CopyCostRow[] {
  const storage = backend.storage;
  if (!storage) throw new Error(`the ${backend.name} backend has no storage of its own`);
  return CALLS.map(([call, build, copiedFloats]) => {
    const ordinary = build((n, seed) => filled(n, seed));
    const views: Float32Array[] = [];
    const inPlace = build((n, seed) => {
      const v = storage.alloc(n);
      v.set(filled(n, seed));
      views.push(v);
      return v;
    });
    const copiedUs = secondsPerCall(() => backend.sgemm(...ordinary), opts) * 1e6;
    const inPlaceUs = secondsPerCall(() => backend.sgemm(...inPlace), opts) * 1e6;
    for (const v of views) storage.release(v);
    return { call, copiedFloats, copiedUs, inPlaceUs };
  });
}

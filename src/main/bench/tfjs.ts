// tfjs matMul throughput on two of its backends: tfjs-backend-cpu (the best-known pure JavaScript
// kernel, next to our ts backend) and tfjs-backend-wasm (XNNPACK compiled to WebAssembly SIMD, next
// to our wasm backend; single-threaded under Node). The packages are devDependencies, loaded only
// here and only if present; the wasm one's .wasm files ship inside its npm package.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { secondsPerCall, type MeasureOptions } from './timing';
import { gflopsSampler, pairedRounds, type PairedFigures } from './paired-rounds';
import { errorMessage } from '../../shared/error-message';

interface TfTensor { dataSync(): unknown; dispose(): void }
interface TfCore {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  env(): { set(flag: string, value: boolean): void };
  randomUniform(shape: number[]): TfTensor;
  matMul(a: TfTensor, b: TfTensor): TfTensor;
  version_core: string;
}
interface TfWasm {
  setWasmPaths(prefix: string): void;
  getThreadsCount(): number;
  version_wasm: string;
}

export interface TfjsMatMul {
  version: string;
  gflops: Record<string, number>;
}

// Through a variable so the bundler leaves these optional imports to run time.
const CORE = '@tensorflow/tfjs-core';
const CPU = '@tensorflow/tfjs-backend-cpu';
const WASM = '@tensorflow/tfjs-backend-wasm';

const firstLine = (err: unknown): string => (errorMessage(err)).split('\n')[0]!;

/** Rejects with a one-line reason when tfjs is not installed or will not run on the CPU backend. */
export async function tfjsMatMulGflops(sizes: readonly number[], options: (n: number) => MeasureOptions): Promise<TfjsMatMul> {
  let tf: TfCore;
  try {
    tf = (await import(/* @vite-ignore */ CORE)) as TfCore;
    await import(/* @vite-ignore */ CPU);
  } catch (err) {
    throw new Error(`${CORE} + ${CPU} not installed (${firstLine(err)})`);
  }
  // PROD drops tfjs's debug checks and its "install tfjs-node" banner.
  tf.env().set('PROD', true);
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs could not select its cpu backend');
  await tf.ready();
  return { version: tf.version_core, gflops: matMulGflops(tf, sizes, options) };
}

export interface TfjsWasmMatMul extends TfjsMatMul {
  threads: number;
  /**
   * Our product against its matMul at `n` in alternating rounds (`ours`: a GFLOPS sampler of
   * ours). Call it before tfjs is asked for anything else: it runs on the backend set here.
   */
  pair(p: PairWith): PairedFigures;
}

export interface PairWith {
  n: number;
  rounds: number;
  minSampleMs: number;
  ours: () => number;
}

/** The same on tfjs-backend-wasm; rejects with a one-line reason when it is missing or will not start. */
export async function tfjsWasmMatMulGflops(sizes: readonly number[], options: (n: number) => MeasureOptions): Promise<TfjsWasmMatMul> {
  let tf: TfCore;
  let wasm: TfWasm;
  let dist: string;
  try {
    tf = (await import(/* @vite-ignore */ CORE)) as TfCore;
    wasm = (await import(/* @vite-ignore */ WASM)) as TfWasm;
    dist = dirname(createRequire(import.meta.url).resolve(WASM));
  } catch (err) {
    throw new Error(`${CORE} + ${WASM} not installed (${firstLine(err)})`);
  }
  tf.env().set('PROD', true);
  // Its .wasm files sit beside its JavaScript; without this it would look next to our bundle.
  wasm.setWasmPaths(`${dist}/`);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  await tf.ready();
  return {
    version: wasm.version_wasm, threads: wasm.getThreadsCount(), gflops: matMulGflops(tf, sizes, options),
    pair: (p) => pairedWithTfjs(tf, p),
  };
}

function pairedWithTfjs(tf: TfCore, p: PairWith): PairedFigures {
  const a = tf.randomUniform([p.n, p.n]);
  const b = tf.randomUniform([p.n, p.n]);
  try {
    const theirs = gflopsSampler(() => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    }, p.n, p.minSampleMs);
    return pairedRounds(p.n, p.rounds, p.ours, theirs);
  } finally {
    a.dispose();
    b.dispose();
  }
}

function matMulGflops(tf: TfCore, sizes: readonly number[], options: (n: number) => MeasureOptions): Record<string, number> {
  const gflops: Record<string, number> = {};
  for (const n of sizes) {
    const a = tf.randomUniform([n, n]);
    const b = tf.randomUniform([n, n]);
    const seconds = secondsPerCall(() => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    }, options(n));
    a.dispose();
    b.dispose();
    gflops[String(n)] = (2 * n * n * n) / seconds / 1e9;
  }
  return gflops;
}

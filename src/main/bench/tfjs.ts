// tfjs-backend-cpu matMul throughput, for comparing the pure-TS backend with the best-known pure
// JavaScript CPU kernel. Both packages are devDependencies, loaded only here and only if present.
import { secondsPerCall, type MeasureOptions } from './timing';

interface TfTensor { dataSync(): unknown; dispose(): void }
interface TfCore {
  setBackend(name: string): Promise<boolean>;
  ready(): Promise<void>;
  env(): { set(flag: string, value: boolean): void };
  randomUniform(shape: number[]): TfTensor;
  matMul(a: TfTensor, b: TfTensor): TfTensor;
  version_core: string;
}

export interface TfjsMatMul {
  version: string;
  gflops: Record<string, number>;
}

// Through a variable so the bundler leaves these optional imports to run time.
const CORE = '@tensorflow/tfjs-core';
const CPU = '@tensorflow/tfjs-backend-cpu';

/** Rejects with a one-line reason when tfjs is not installed or will not run on the CPU backend. */
export async function tfjsMatMulGflops(sizes: readonly number[], options: (n: number) => MeasureOptions): Promise<TfjsMatMul> {
  let tf: TfCore;
  try {
    tf = (await import(/* @vite-ignore */ CORE)) as TfCore;
    await import(/* @vite-ignore */ CPU);
  } catch (err) {
    throw new Error(`${CORE} + ${CPU} not installed (${(err as Error).message.split('\n')[0]})`);
  }
  // PROD drops tfjs's debug checks and its "install tfjs-node" banner.
  tf.env().set('PROD', true);
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs could not select its cpu backend');
  await tf.ready();
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
  return { version: tf.version_core, gflops };
}

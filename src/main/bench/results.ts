// What one `bench` invocation measured, and how it compares with the project's targets.
import type { BackendName } from '../engine/backend/types';
import { startupTargets, type StartupResult } from './startup';
import { bestTorch, type LenetBenchResult } from './lenet-epoch';
import type { PublicMatmulFigures } from './public-matmul';
import type { PairedFigures } from './paired-rounds';
import type { MlpRounds } from './mlp-rounds';

export type PerBackend<T> = Partial<Record<BackendName, T>>;

export interface BenchResult {
  quick: boolean;
  node: string;
  cpus: number;
  /** 1-minute load average when the bench started and ended: other work skews every figure. */
  loadAverage: { start: number; end: number };
  backends: {
    ts: { threads: number };
    native?: { coreName: string; threads: number; config?: string };
    /** Why the native backend was not measured. */
    nativeUnavailable?: string;
    wasm?: { variant: string; threads: number };
    /** Why the wasm backend was not measured. */
    wasmUnavailable?: string;
  };
  sgemm: {
    sizes: number[];
    /** GFLOPS by size ("64", …) for each implementation that ran. */
    gflops: PerBackend<Record<string, number>> & {
      torch?: Record<string, number>;
      tfjs?: Record<string, number>;
      'tfjs-wasm'?: Record<string, number>;
    };
    numpy1024?: number;
    /** Native GFLOPS at 1024 measured right after numpy's, for the native/numpy target. */
    native1024NextToNumpy?: number;
    /** numpy's `a @ b` at 1024, a fresh result each call. */
    numpyFresh1024?: number;
    /** The single-threaded comparisons again, in alternating rounds: what their targets judge. */
    paired?: { wasmVsTs?: PairedFigures; wasmVsTfjsWasm?: PairedFigures };
  };
  /** `a.matmul(b)` at 1024 through the public engine, right after numpy (issue 15). */
  publicMatmul?: PublicMatmulFigures;
  /** The caching allocator over the whole bench, and its hit rate in the MLP step on each backend. */
  allocator?: { enabled: boolean; hits: number; misses: number; hitRate: number | null; mlp: PerBackend<number | null> };
  seed: PerBackend<{ usPerStep: number; msPerTraining: number }> & {
    steps: number;
    torch?: { usPerStep: number; msPerTraining: number };
  };
  mlp: PerBackend<{ stepsPerSec: number }> & { torch?: { stepsPerSec: number } };
  /** The MLP step on the engine as run, in rounds alternating with PyTorch: what its target judges. */
  mlpRounds?: MlpRounds;
  /**
   * One epoch of 4.3's MLP on the real Fashion-MNIST (train + test accuracy) on the active backend,
   * and on wasm too when that is not the active one.
   */
  fashionEpoch?: {
    backend: BackendName;
    engine?: EpochFigures;
    wasm?: EpochFigures;
    torch?: EpochFigures;
  };
  /** The wasm backend's copy cost: large MLP calls on ordinary arrays vs on its own storage. */
  wasmCopy?: { call: string; copiedFloats: number; copiedUs: number; inPlaceUs: number }[];
  /** The 4.3 MLP trained with its defaults (10 epochs) on the wasm backend: the accuracy target. */
  wasmAccuracy?: EpochFigures & { epochs: number };
  /** One LeNet epoch on the real Fashion-MNIST (issue 19), engine and PyTorch. */
  lenet?: LenetBenchResult;
  reference: {
    torch?: { version: string; threads: number; numpyVersion: string };
    tfjs?: { version: string };
    tfjsWasm?: { version: string; threads: number };
  };
  /** Web mode's cold start and the CLI's whole-process cost (issue 15). */
  startup?: StartupResult;
  /** Parts that could not run, with the reason (e.g. "torch": "/usr/bin/python3 could not start"). */
  skipped: Record<string, string>;
  targets: Target[];
}

export interface EpochFigures {
  seconds: number;
  testAccuracy: number;
}

export interface Target {
  name: string;
  /** The measured ratio (or plain value, see unit), or null when one side is missing. */
  ratio: number | null;
  goal: string;
  met: boolean | null;
  /** How the figure prints: '×' for a ratio (the default), '' for a plain value such as an accuracy, ' ms' for a time. */
  unit?: '×' | '' | ' ms';
}

function target(name: string, ratio: number | undefined, goal: string, ok: (r: number) => boolean): Target {
  if (ratio === undefined || !Number.isFinite(ratio)) return { name, ratio: null, goal, met: null };
  return { name, ratio, goal, met: ok(ratio) };
}

const div = (x: number | undefined, y: number | undefined): number | undefined =>
  x === undefined || y === undefined || y === 0 ? undefined : x / y;

/** The engine as a reader runs it, among the backends whose MLP step was measured: native, else wasm, else ts. */
export function mlpTargetBackend(mlp: BenchResult['mlp']): BackendName | undefined {
  return (['native', 'wasm', 'ts'] as const).find((b) => mlp[b]);
}

/** The targets from issues 3 and 16, for every backend that was measured. */
export function computeTargets(r: Omit<BenchResult, 'targets'>): Target[] {
  const out: Target[] = [];
  // The MLP target is the engine's as a reader runs it: native where it built, else wasm, else ts
  // (a slower backend is not expected to match OpenBLAS-backed PyTorch while a faster one runs).
  const asRun = mlpTargetBackend(r.mlp);
  for (const b of ['native', 'wasm', 'ts'] as const) {
    if (!r.seed[b] && !r.mlp[b]) continue;
    out.push(target(`book 3.3 µs/step, ${b} / PyTorch`, div(r.seed[b]?.usPerStep, r.seed.torch?.usPerStep), '≤ 0.2×', (x) => x <= 0.2));
    if (b === asRun) {
      // The rounds alternating with PyTorch where they ran; else the table's means.
      const mr = r.mlpRounds?.backend === b ? r.mlpRounds : undefined;
      out.push(mr
        ? target(`MLP steps/s, ${b} / PyTorch, median of ${mr.rounds} alternating rounds`, mr.ratio, '≥ 1× (aim 1.25×)', (x) => x >= 1)
        : target(`MLP steps/s, ${b} / PyTorch`, div(r.mlp[b]?.stepsPerSec, r.mlp.torch?.stepsPerSec), '≥ 1× (aim 1.25×)', (x) => x >= 1));
    }
  }
  if (r.sgemm.gflops.native) {
    // The rounds alternating with numpy, where they ran on the native backend; else the figure taken right after numpy.
    const rounds = r.publicMatmul?.backend === 'native' ? r.publicMatmul.numpy : undefined;
    out.push(rounds
      ? target(`sgemm 1024 GFLOPS, native / numpy, median of ${rounds.rounds} alternating rounds`, rounds.engine.sgemm.ratio, '≥ 0.9×', (x) => x >= 0.9)
      : target('sgemm 1024 GFLOPS, native / numpy', div(r.sgemm.native1024NextToNumpy ?? r.sgemm.gflops.native['1024'], r.sgemm.numpy1024), '≥ 0.9×', (x) => x >= 0.9));
  }
  const fe = r.fashionEpoch;
  if (fe) out.push(target(`Fashion-MNIST MLP epoch time, ${fe.backend} / PyTorch`, div(fe.engine?.seconds, fe.torch?.seconds), '≤ 1×', (x) => x <= 1));
  if (r.lenet) out.push(target('LeNet epoch time, native / best PyTorch (1 or 2 threads)', div(r.lenet.native?.seconds, bestTorch(r.lenet)?.figures.seconds), '≤ 1×', (x) => x <= 1));
  const pm = r.publicMatmul;
  if (pm) {
    // Rounds alternating with numpy where python3 ran; else the reference script's numpy figure.
    const name = `public a.matmul(b) 1024 GFLOPS (${pm.backend}) / numpy a @ b${pm.numpy ? `, median of ${pm.numpy.rounds} alternating rounds` : ''}`;
    out.push(target(name, pm.numpy ? pm.numpy.engine.public.ratio : div(pm.gflops, r.sgemm.numpyFresh1024), '≥ 0.9×', (x) => x >= 0.9));
  }
  out.push(target('sgemm 1024 GFLOPS, ts / tfjs-backend-cpu', div(r.sgemm.gflops.ts?.['1024'], r.sgemm.gflops.tfjs?.['1024']), '≥ 2×', (x) => x >= 2));
  if (r.sgemm.gflops.wasm) {
    const g = r.sgemm.gflops;
    // The alternating rounds where they ran; else the two figures of the sgemm table.
    const paired = (p: PairedFigures | undefined, name: string, table: number | undefined): [string, number | undefined] =>
      p ? [`${name}, median of ${p.rounds} alternating rounds`, p.ratio] : [name, table];
    const { wasmVsTfjsWasm, wasmVsTs } = r.sgemm.paired ?? {};
    out.push(target(...paired(wasmVsTfjsWasm, 'sgemm 1024 GFLOPS, wasm / tfjs-backend-wasm (1 thread each)', div(g.wasm?.['1024'], g['tfjs-wasm']?.['1024'])), '≥ 1×', (x) => x >= 1));
    out.push(target(...paired(wasmVsTs, 'sgemm 512 GFLOPS, wasm / ts', div(g.wasm?.['512'], g.ts?.['512'])), '≥ 8×', (x) => x >= 8));
  }
  if (r.mlp.wasm) out.push(target('MLP steps/s, wasm / ts', div(r.mlp.wasm.stepsPerSec, r.mlp.ts?.stepsPerSec), '≥ 5×', (x) => x >= 5));
  if (r.wasmAccuracy) {
    const acc = { ...target(`4.3 MLP test accuracy after ${r.wasmAccuracy.epochs} epochs, wasm`, r.wasmAccuracy.testAccuracy, '≥ 0.84', (x) => x >= 0.84), unit: '' as const };
    out.push(acc);
  }
  if (r.startup) out.push(...startupTargets(r.startup));
  return out;
}

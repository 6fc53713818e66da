// `d2l-workbench bench`: sgemm throughput and two training workloads on every available engine
// backend, side by side with PyTorch/NumPy (via /usr/bin/python3) and tfjs-backend-cpu and
// tfjs-backend-wasm when present. Progress goes to stderr; stdout gets the tables, or one JSON
// object with --json.
import { cpus, loadavg } from 'node:os';
import { getBackend, parseBackendChoice, setBackend, tryNative, tryWasm } from '../engine/backend';
import { tsBackend } from '../engine/backend/ts';
import type { Backend, BackendName } from '../engine/backend/types';
import { benchPython, runPythonReference } from './reference-python';
import { formatReport } from './report';
import { computeTargets, mlpTargetBackend, type BenchResult, type PerBackend } from './results';
import { SGEMM_SIZES, sgemmCall, sgemmGflops, sgemmMeasureOptions } from './sgemm';
import { gflopsSampler, pairedRounds } from './paired-rounds';
import { tfjsMatMulGflops, tfjsWasmMatMulGflops } from './tfjs';
import { wasmCopyCost } from './wasm-copy';
import { benchMlp, benchSeed, SEED_STEPS } from './workloads';
import { engineMlpEpoch, fashionDir, torchMlpEpoch } from './fashion-epoch';
import { collectStartup, formatStartupReport } from './startup';
import { benchLenet } from './lenet-epoch';
import { errorMessage } from '../../shared/error-message';
import { allocatorHitRate, publicMatmul } from './public-matmul';
import { mlpRounds } from './mlp-rounds';
import { allocatorStats, resetAllocatorStats } from '../engine/backend/caching-allocator';

export interface BenchOptions {
  json: boolean;
  /** Fewer samples: for smoke runs, not for figures worth quoting. */
  quick?: boolean;
  /** Only the start-up figures (web-mode cold start, CLI whole process): `npm run bench:start`. */
  startupOnly?: boolean;
}

const progress = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};


/** Exit code: 1 when `startupOnly` could not measure a part (the report says why), else 0. */
export async function runBench(opts: BenchOptions): Promise<number> {
  if (opts.startupOnly) {
    const skipped: Record<string, string> = {};
    const startup = await collectStartup(Boolean(opts.quick), skipped, progress);
    process.stdout.write(opts.json ? `${JSON.stringify({ startup, skipped })}\n` : formatStartupReport(startup, skipped));
    return Object.keys(skipped).length > 0 ? 1 : 0;
  }
  const result = await collect(Boolean(opts.quick));
  process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : formatReport(result));
  return 0;
}

export async function collect(quick: boolean): Promise<BenchResult> {
  const native = tryNative();
  const wasm = tryWasm();
  const backends: [BackendName, Backend][] = [['ts', tsBackend]];
  if (wasm.backend) backends.push(['wasm', wasm.backend]);
  if (native.backend) backends.push(['native', native.backend]);
  const nb = native.backend;
  const wb = wasm.backend;
  const r: Omit<BenchResult, 'targets'> = {
    quick,
    node: process.version,
    cpus: cpus().length,
    loadAverage: { start: loadavg()[0]!, end: 0 },
    backends: {
      ts: { threads: tsBackend.threads },
      ...(nb
        ? { native: { coreName: nb.coreName ?? 'unknown', threads: nb.threads, ...('config' in nb && typeof nb.config === 'string' ? { config: nb.config } : {}) } }
        : { nativeUnavailable: native.error ?? 'unknown reason' }),
      ...(wb
        ? { wasm: { variant: 'variant' in wb && typeof wb.variant === 'string' ? wb.variant : 'unknown', threads: wb.threads } }
        : { wasmUnavailable: wasm.error ?? 'unknown reason' }),
    },
    sgemm: { sizes: [...SGEMM_SIZES], gflops: {} },
    seed: { steps: SEED_STEPS },
    mlp: {},
    reference: {},
    skipped: {},
  };
  resetAllocatorStats();
  const mlpHitRate: PerBackend<number | null> = {};
  if (!nb) r.skipped.native = native.error ?? 'unknown reason';
  if (!wb) r.skipped.wasm = wasm.error ?? 'unknown reason';

  for (const [name, backend] of backends) {
    progress(`sgemm on the ${name} backend`);
    const row: Record<string, number> = {};
    for (const n of SGEMM_SIZES) row[String(n)] = sgemmGflops(backend, n, sgemmMeasureOptions(n, quick));
    r.sgemm.gflops[name] = row;
  }
  // Rounds for the single-threaded targets (issue 16's): the table above takes each figure once.
  const rounds = quick ? 3 : 9;
  const roundSampler = (backend: Backend, n: number): (() => number) => gflopsSampler(sgemmCall(backend, n), n, sgemmMeasureOptions(n, quick).minSampleMs);
  if (wb) {
    progress(`sgemm at 512: wasm and ts in ${rounds} alternating rounds`);
    try {
      r.sgemm.paired = { wasmVsTs: pairedRounds(512, rounds, roundSampler(wb, 512), roundSampler(tsBackend, 512)) };
    } catch (err) {
      r.skipped['sgemm rounds wasm / ts'] = errorMessage(err);
    }
  }

  if (wb) {
    progress('wasm copy cost (MLP calls on ordinary arrays vs wasm storage)');
    try {
      r.wasmCopy = wasmCopyCost(wb, { samples: quick ? 3 : 5, minSampleMs: quick ? 30 : 100 });
    } catch (err) {
      r.skipped.wasmCopy = errorMessage(err);
    }
  }

  progress('tfjs-backend-cpu matMul');
  try {
    const tfjs = await tfjsMatMulGflops(SGEMM_SIZES, (n) => sgemmMeasureOptions(n, quick));
    r.sgemm.gflops.tfjs = tfjs.gflops;
    r.reference.tfjs = { version: tfjs.version };
  } catch (err) {
    r.skipped.tfjs = errorMessage(err);
  }
  progress(`tfjs-backend-wasm matMul${wb ? `, then wasm and tfjs-backend-wasm at 1024 in ${rounds} alternating rounds` : ''}`);
  try {
    const tw = await tfjsWasmMatMulGflops(SGEMM_SIZES, (n) => sgemmMeasureOptions(n, quick));
    r.sgemm.gflops['tfjs-wasm'] = tw.gflops;
    // Its own failure would be ours or tfjs's: recorded apart, the table's figures stay.
    if (wb) {
      try {
        const pair = tw.pair({ n: 1024, rounds, minSampleMs: sgemmMeasureOptions(1024, quick).minSampleMs, ours: roundSampler(wb, 1024) });
        r.sgemm.paired = { ...r.sgemm.paired, wasmVsTfjsWasm: pair };
      } catch (err) {
        r.skipped['sgemm rounds wasm / tfjs-wasm'] = errorMessage(err);
      }
    }
    r.reference.tfjsWasm = { version: tw.version, threads: tw.threads };
  } catch (err) {
    r.skipped['tfjs-wasm'] = errorMessage(err);
  }

  const before = runWorkloads(backends, quick, r.skipped, mlpHitRate);
  Object.assign(r.seed, before.seed);
  Object.assign(r.mlp, before.mlp);

  progress('PyTorch/NumPy reference (python3)');
  try {
    const py = await runPythonReference(quick);
    r.sgemm.gflops.torch = py.matmulGflops;
    r.sgemm.numpy1024 = py.numpyGflops1024;
    r.sgemm.numpyFresh1024 = py.numpyFreshGflops1024;
    r.seed.torch = { usPerStep: py.seed.usPerStep, msPerTraining: py.seed.msPerTraining };
    r.mlp.torch = py.mlp;
    r.reference.torch = { version: py.torchVersion, threads: py.torchThreads, numpyVersion: py.numpyVersion };
    // numpy is the script's last figure: time native sgemm right after it, under the same load.
    if (nb) r.sgemm.native1024NextToNumpy = sgemmGflops(nb, 1024, sgemmMeasureOptions(1024, quick));
    await measurePublicMatmul(r, quick, benchPython());
    // On a shared machine load drifts within seconds; measuring the engine both before and after
    // PyTorch and averaging brackets PyTorch's figures in time.
    progress('engine workloads again, after PyTorch');
    const after = runWorkloads(backends, quick, r.skipped);
    for (const [name] of backends) {
      const s0 = r.seed[name], s1 = after.seed[name], m0 = r.mlp[name], m1 = after.mlp[name];
      if (s0 && s1) r.seed[name] = { usPerStep: (s0.usPerStep + s1.usPerStep) / 2, msPerTraining: (s0.msPerTraining + s1.msPerTraining) / 2 };
      if (m0 && m1) r.mlp[name] = { stepsPerSec: (m0.stepsPerSec + m1.stepsPerSec) / 2 };
    }
    // After the bracketing above, which the 3.3 figures still rely on.
    await measureMlpRounds(r, quick, benchPython());
  } catch (err) {
    r.skipped.torch = errorMessage(err);
  }
  if (!r.publicMatmul) await measurePublicMatmul(r, quick);
  if (!quick) {
    await fashionEpoch(r);
    await lenetEpoch(r);
    if (wb) wasmAccuracy(r);
  }
  const totals = allocatorStats();
  r.allocator = { enabled: totals.enabled, hits: totals.hits, misses: totals.misses, hitRate: totals.hitRate, mlp: mlpHitRate };
  // Last, and in fresh processes: nothing above has warmed what a cold start pays for. --quick
  // keeps to the CLI's figures (a browser per run is not quick): `npm run bench:start` has both.
  r.startup = await collectStartup(quick, r.skipped, progress, { web: !quick });
  r.loadAverage.end = loadavg()[0]!;
  return { ...r, targets: computeTargets(r) };
}

/**
 * Issue 15's figure: the public `a.matmul(b)` at 1024 on the native backend (else the active one),
 * in rounds alternating with numpy's `a @ b` when `python` is given (numpy is known to be there).
 */
async function measurePublicMatmul(r: Omit<BenchResult, 'targets'>, quick: boolean, python?: string): Promise<void> {
  progress(`public a.matmul(b) at 1024${python ? ', in rounds alternating with numpy a @ b' : ''}`);
  const numpy = python ? { python, rounds: quick ? 3 : 7 } : undefined;
  try {
    const run = async (): Promise<void> => {
      r.publicMatmul = await publicMatmul(1024, sgemmMeasureOptions(1024, quick), numpy);
    };
    await (tryNative().backend ? onBackendAsync('native', run) : run());
  } catch (err) {
    r.skipped.publicMatmul = errorMessage(err);
  }
}

/**
 * The MLP target's figure: the step on the engine as a reader runs it (native, else wasm, else
 * ts), in rounds alternating with a live PyTorch process (torch is known to be there).
 */
async function measureMlpRounds(r: Omit<BenchResult, 'targets'>, quick: boolean, python: string): Promise<void> {
  // The backend the MLP target judges (results.ts): the first whose MLP step ran.
  const backend = mlpTargetBackend(r.mlp);
  if (!backend) return;
  const rounds = quick ? 3 : 7;
  progress(`MLP step on the ${backend} backend, in ${rounds} rounds alternating with PyTorch`);
  try {
    r.mlpRounds = await onBackendAsync(backend, () => mlpRounds(backend, { python, rounds, minSampleMs: quick ? 100 : 300 }));
  } catch (err) {
    r.skipped.mlpRounds = errorMessage(err);
  }
}

/** Issue 8's figure: a whole MLP epoch on the real data, engine then PyTorch, back to back. */
async function fashionEpoch(r: Omit<BenchResult, 'targets'>): Promise<void> {
  const { dir, missing } = await fashionDir();
  if (!dir) {
    r.skipped.fashionEpoch = missing ?? 'Fashion-MNIST not found';
    return;
  }
  const backend = getBackend().name;
  r.fashionEpoch = { backend };
  progress(`one Fashion-MNIST MLP epoch on the ${backend} backend`);
  try {
    r.fashionEpoch.engine = engineMlpEpoch();
  } catch (err) {
    r.skipped['fashionEpoch/engine'] = errorMessage(err);
  }
  if (backend !== 'wasm' && tryWasm().backend) {
    progress('one Fashion-MNIST MLP epoch on the wasm backend');
    try {
      r.fashionEpoch.wasm = onBackend('wasm', () => engineMlpEpoch());
    } catch (err) {
      r.skipped['fashionEpoch/wasm'] = errorMessage(err);
    }
  }
  progress('one Fashion-MNIST MLP epoch in PyTorch');
  try {
    r.fashionEpoch.torch = await torchMlpEpoch(dir, benchPython());
  } catch (err) {
    r.skipped['fashionEpoch/torch'] = errorMessage(err);
  }
}

/** Issue 16's accuracy target: the 4.3 MLP with its defaults (10 epochs) trained on wasm. */
function wasmAccuracy(r: Omit<BenchResult, 'targets'>): void {
  if (r.skipped.fashionEpoch) return;
  const epochs = 10;
  progress(`the 4.3 MLP for ${epochs} epochs on the wasm backend (accuracy target)`);
  try {
    r.wasmAccuracy = { epochs, ...onBackend('wasm', () => engineMlpEpoch(epochs, 1)) };
  } catch (err) {
    r.skipped.wasmAccuracy = errorMessage(err);
  }
}

/** Runs fn with `name` as the engine's backend, then restores the one that was active. */
function onBackend<T>(name: BackendName, fn: () => T): T {
  const previous = getBackend().name;
  setBackend(name);
  try {
    return fn();
  } finally {
    restoreBackend(previous);
  }
}

/** The same for async work: the backend stays switched until `fn`'s promise settles. */
async function onBackendAsync<T>(name: BackendName, fn: () => Promise<T>): Promise<T> {
  const previous = getBackend().name;
  setBackend(name);
  try {
    return await fn();
  } finally {
    restoreBackend(previous);
  }
}

/** Back to what was active; a fallback goes back through the env choice so its reason is kept. */
function restoreBackend(previous: BackendName): void {
  setBackend(previous === 'native' ? 'native' : parseBackendChoice(process.env.WORKBENCH_BACKEND));
}

/** Issue 19's figure: a LeNet epoch, engine (native at default and 1 thread, ts steps/s) and PyTorch (1 and 2 threads). */
async function lenetEpoch(r: Omit<BenchResult, 'targets'>): Promise<void> {
  const { dir, missing } = await fashionDir();
  if (!dir) {
    r.skipped.lenet = missing ?? 'Fashion-MNIST not found';
    return;
  }
  r.lenet = await benchLenet({ dir, python: benchPython(), progress, skipped: r.skipped });
}

type Workloads = Pick<BenchResult, 'seed' | 'mlp'>;

/** The two training workloads on each backend; failures are recorded, not thrown. */
function runWorkloads(backends: [BackendName, Backend][], quick: boolean, skipped: Record<string, string>, mlpHitRate?: PerBackend<number | null>): Workloads {
  const out: Workloads = { seed: { steps: SEED_STEPS }, mlp: {} };
  const previous = getBackend().name;
  try {
    for (const [name] of backends) {
      setBackend(name);
      progress(`book 3.3 workload on the ${name} backend`);
      try {
        const { usPerStep, msPerTraining } = benchSeed(quick);
        out.seed[name] = { usPerStep, msPerTraining };
      } catch (err) {
        skipped[`seed/${name}`] = errorMessage(err);
      }
      progress(`MLP step on the ${name} backend`);
      try {
        const { result, hitRate } = allocatorHitRate(() => benchMlp(quick));
        out.mlp[name] = result;
        if (mlpHitRate) mlpHitRate[name] = hitRate;
      } catch (err) {
        skipped[`mlp/${name}`] = errorMessage(err);
      }
    }
  } finally {
    restoreBackend(previous);
  }
  return out;
}

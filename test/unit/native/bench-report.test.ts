// The benchmark's arithmetic and formatting, on made-up figures (no timing is asserted anywhere).
import { describe, expect, it } from 'vitest';
import { runPythonReference } from '../../../src/main/bench/reference-python';
import { formatReport } from '../../../src/main/bench/report';
import { computeTargets, mlpTargetBackend, type BenchResult } from '../../../src/main/bench/results';
import { median, secondsPerCall } from '../../../src/main/bench/timing';
import { wasmCopyCost } from '../../../src/main/bench/wasm-copy';
import { tryWasm } from '../../../src/main/engine/backend';
import { tsBackend } from '../../../src/main/engine/backend/ts';
import { findPython } from '../runs/helpers';

function sample(): Omit<BenchResult, 'targets'> {
  return {
    quick: true,
    node: 'v20.0.0',
    cpus: 2,
    loadAverage: { start: 0.1, end: 0.2 },
    backends: { ts: { threads: 1 }, native: { coreName: 'Haswell', threads: 2 } },
    sgemm: {
      sizes: [64, 1024],
      gflops: {
        ts: { '64': 3, '1024': 4 },
        native: { '64': 50, '1024': 180 },
        tfjs: { '64': 1, '1024': 1 },
        torch: { '64': 60, '1024': 200 },
      },
      numpy1024: 200,
    },
    seed: { steps: 300, ts: { usPerStep: 20, msPerTraining: 6 }, native: { usPerStep: 10, msPerTraining: 3 }, torch: { usPerStep: 100, msPerTraining: 30 } },
    mlp: { ts: { stepsPerSec: 50 }, native: { stepsPerSec: 600 }, torch: { stepsPerSec: 500 } },
    reference: { torch: { version: '1.13.0', threads: 1, numpyVersion: '1.24.2' }, tfjs: { version: '4.22.0' } },
    skipped: {},
  };
}

describe('bench targets', () => {
  it('judges the TS MLP step when native is missing, and a Fashion-MNIST epoch against PyTorch', () => {
    const r = sample();
    delete r.mlp.native;
    delete r.seed.native;
    r.fashionEpoch = { backend: 'ts', engine: { seconds: 3, testAccuracy: 0.8 }, torch: { seconds: 2, testAccuracy: 0.8 } };
    const t = Object.fromEntries(computeTargets(r).map((x) => [x.name, x]));
    expect(t['MLP steps/s, ts / PyTorch']).toMatchObject({ ratio: 0.1, met: false });
    expect(t['Fashion-MNIST MLP epoch time, ts / PyTorch']).toMatchObject({ ratio: 1.5, met: false });
    expect(formatReport({ ...r, targets: computeTargets(r) })).toMatch(/engine \(ts\)\s+3\.00\s+0\.800\s+1\.50×/);
  });

  it('computes each ratio against its reference and judges it', () => {
    const t = Object.fromEntries(computeTargets(sample()).map((x) => [x.name, x]));
    expect(t['book 3.3 µs/step, native / PyTorch']).toMatchObject({ ratio: 0.1, met: true });
    expect(t['book 3.3 µs/step, ts / PyTorch']).toMatchObject({ ratio: 0.2, met: true });
    expect(t['MLP steps/s, native / PyTorch']).toMatchObject({ ratio: 1.2, met: true });
    // With native measured, the MLP target is native's; the TS row stays in the table only.
    expect(t['MLP steps/s, ts / PyTorch']).toBeUndefined();
    expect(t['sgemm 1024 GFLOPS, native / numpy']).toMatchObject({ ratio: 0.9, met: true });
    expect(t['sgemm 1024 GFLOPS, ts / tfjs-backend-cpu']).toMatchObject({ ratio: 4, met: true });
  });

  it('judges native against numpy with the native figure taken right after numpy when there is one', () => {
    const r = sample();
    r.sgemm.native1024NextToNumpy = 100;
    const t = computeTargets(r).find((x) => x.name === 'sgemm 1024 GFLOPS, native / numpy');
    expect(t).toMatchObject({ ratio: 0.5, met: false });
    expect(formatReport({ ...r, targets: computeTargets(r) })).toContain('native re-measured right after: 100.0 GFLOPS (native/numpy 0.50×)');
  });

  it('judges the public a.matmul(b) against numpy\'s a @ b and reports page faults and the allocator\'s hit rate', () => {
    const r = sample();
    r.sgemm.numpyFresh1024 = 180;
    r.publicMatmul = { n: 1024, backend: 'native', gflops: 171, sgemmGflops: 178, minorFaultsPerCall: 0.5, mallocTuned: true };
    r.allocator = { enabled: true, hits: 90, misses: 10, hitRate: 0.9, mlp: { ts: 0.5, native: 0.98 } };
    const t = computeTargets(r).find((x) => x.name === 'public a.matmul(b) 1024 GFLOPS (native) / numpy a @ b');
    expect(t).toMatchObject({ ratio: 0.95, met: true });
    const text = formatReport({ ...r, targets: computeTargets(r) });
    expect(text).toMatch(/engine a\.matmul\(b\)\s+171\.0\s+0\.95×\s+0\.5/);
    expect(text).toContain('hit rate 90.0% over the bench (90 hits, 10 misses); in the MLP step: ts 50.0%, native 98.0%');
  });

  it('judges the public a.matmul(b) by the rounds alternating with numpy when they ran, not by the earlier numpy figure', () => {
    const r = sample();
    r.sgemm.numpyFresh1024 = 240; // the reference script's, a minute earlier: not the one compared
    r.publicMatmul = {
      n: 1024, backend: 'native', gflops: 171, sgemmGflops: 178, minorFaultsPerCall: 1.3, mallocTuned: true,
      numpy: {
        rounds: 3, numpyGflops: 180, numpySamples: [180, 150, 185], numpyVersion: '1.24.2',
        engine: { public: { gflops: 171, ratio: 0.93, samples: [171, 140, 172] }, sgemm: { gflops: 178, ratio: 0.99, samples: [178, 149, 183] } },
      },
    };
    const t = computeTargets(r).find((x) => x.name.startsWith('public a.matmul(b) 1024 GFLOPS (native) / numpy a @ b'));
    expect(t).toMatchObject({ name: 'public a.matmul(b) 1024 GFLOPS (native) / numpy a @ b, median of 3 alternating rounds', ratio: 0.93, met: true });
    const text = formatReport({ ...r, targets: computeTargets(r) });
    expect(text).toContain('in 3 rounds alternating with numpy 1.24.2 a @ b');
    expect(text).toMatch(/engine a\.matmul\(b\)\s+171\.0\s+0\.93×\s+1\.3\s+171 140 172/);
    expect(text).toMatch(/native sgemm into a reused output\s+178\.0\s+0\.99×\s+178 149 183/);
    expect(text).toMatch(/numpy a @ b\s+180\.0\s+180 150 185/);
    // The native sgemm target too is judged by the same rounds.
    expect(computeTargets(r).find((x) => x.name.startsWith('sgemm 1024 GFLOPS, native / numpy')))
      .toMatchObject({ name: 'sgemm 1024 GFLOPS, native / numpy, median of 3 alternating rounds', ratio: 0.99, met: true });
  });

  it('leaves a target unjudged when its reference did not run', () => {
    const r = sample();
    delete r.seed.torch;
    delete r.mlp.torch;
    delete r.sgemm.numpy1024;
    const targets = computeTargets(r);
    expect(targets.find((x) => x.name === 'book 3.3 µs/step, native / PyTorch')).toMatchObject({ ratio: null, met: null });
    expect(targets.find((x) => x.name === 'sgemm 1024 GFLOPS, native / numpy')).toMatchObject({ ratio: null, met: null });
  });

  it('prints tables, ratios, targets and skipped parts', () => {
    const r = sample();
    r.skipped.tfjs = 'not installed';
    const text = formatReport({ ...r, targets: computeTargets(r) });
    expect(text).toContain('native OpenBLAS core Haswell, 2 thread(s)');
    expect(text).toMatch(/1024 +4\.00 +— +180\.0 +1\.00 +— +200\.0 +4\.00× +— +— +0\.90×/);
    expect(text).toMatch(/native +10\.0 +3\.00 +0\.10×/);
    expect(text).toMatch(/ts\s+50\.0\s+0\.10×/);
    expect(text).not.toMatch(/MLP steps\/s, ts \/ PyTorch/);
    expect(text).toContain('tfjs: not installed');
    expect(text).not.toContain('machine was busy');
  });

  it('judges the wasm backend against tfjs-backend-wasm, the ts backend, and the accuracy target', () => {
    const r = sample();
    r.backends.wasm = { variant: 'simd', threads: 1 };
    r.sgemm.sizes = [64, 512, 1024];
    r.sgemm.gflops.ts = { '64': 3, '512': 4, '1024': 4 };
    r.sgemm.gflops.wasm = { '64': 20, '512': 40, '1024': 45 };
    r.sgemm.gflops['tfjs-wasm'] = { '64': 10, '512': 30, '1024': 50 };
    r.reference.tfjsWasm = { version: '4.22.0', threads: 1 };
    r.mlp.wasm = { stepsPerSec: 200 };
    r.seed.wasm = { usPerStep: 15, msPerTraining: 4.5 };
    r.wasmAccuracy = { epochs: 10, seconds: 20, testAccuracy: 0.851 };
    const targets = computeTargets(r);
    const t = Object.fromEntries(targets.map((x) => [x.name, x]));
    expect(t['sgemm 1024 GFLOPS, wasm / tfjs-backend-wasm (1 thread each)']).toMatchObject({ ratio: 0.9, met: false });
    expect(t['sgemm 512 GFLOPS, wasm / ts']).toMatchObject({ ratio: 10, met: true });
    expect(t['MLP steps/s, wasm / ts']).toMatchObject({ ratio: 4, met: false });
    expect(t['4.3 MLP test accuracy after 10 epochs, wasm']).toMatchObject({ ratio: 0.851, met: true, unit: '' });
    expect(t['book 3.3 µs/step, wasm / PyTorch']).toMatchObject({ ratio: 0.15, met: true });
    // Native is measured, so the engine-as-run MLP target stays native's.
    expect(t['MLP steps/s, wasm / PyTorch']).toBeUndefined();
    const text = formatReport({ ...r, targets });
    expect(text).toContain('wasm simd, 1 thread(s)');
    expect(text).toContain('tfjs-backend-wasm 4.22.0 (1 thread(s))');
    expect(text).toMatch(/1024 +4\.00 +45\.0 +180\.0 +1\.00 +50\.0 +200\.0 +4\.00× +0\.90× +11\.25× +0\.90×/);
    expect(text).toMatch(/wasm +200\.0 +0\.40×/);
    expect(text).toContain('met    4.3 MLP test accuracy after 10 epochs, wasm: 0.851 (goal ≥ 0.84)');
    expect(text).toContain('MISSED sgemm 1024 GFLOPS, wasm / tfjs-backend-wasm (1 thread each): 0.90× (goal ≥ 1×)');
  });

  it('judges wasm / ts and wasm / tfjs-backend-wasm by the alternating rounds when they ran, not by the table', () => {
    const r = sample();
    r.backends.wasm = { variant: 'simd', threads: 1 };
    r.sgemm.sizes = [512, 1024];
    // The table's single figures, taken tens of seconds apart, would say 6× and 0.9×.
    r.sgemm.gflops.ts = { '512': 5, '1024': 4 };
    r.sgemm.gflops.wasm = { '512': 30, '1024': 45 };
    r.sgemm.gflops['tfjs-wasm'] = { '512': 30, '1024': 50 };
    r.sgemm.paired = {
      wasmVsTs: { n: 512, rounds: 3, ours: [36, 24, 40], theirs: [4, 3, 5], ratio: 8 },
      wasmVsTfjsWasm: { n: 1024, rounds: 3, ours: [45, 30, 44], theirs: [40, 25, 41], ratio: 1.125 },
    };
    const targets = computeTargets(r);
    const t = Object.fromEntries(targets.map((x) => [x.name, x]));
    expect(t['sgemm 512 GFLOPS, wasm / ts, median of 3 alternating rounds']).toMatchObject({ ratio: 8, met: true });
    expect(t['sgemm 1024 GFLOPS, wasm / tfjs-backend-wasm (1 thread each), median of 3 alternating rounds']).toMatchObject({ ratio: 1.125, met: true });
    expect(t['sgemm 512 GFLOPS, wasm / ts']).toBeUndefined();
    const text = formatReport({ ...r, targets });
    expect(text).toContain('side by side in alternating rounds, GFLOPS');
    expect(text).toMatch(/ratio +side +r1 +r2 +r3\n/);
    expect(text).toMatch(/wasm \/ ts at 512 +8\.00× +wasm +36\.0 +24\.0 +40\.0\n +ts +4\.00 +3\.00 +5\.00\n/);
    expect(text).toMatch(/wasm \/ tfjs-wasm at 1024 +1\.13× +wasm +45\.0 +30\.0 +44\.0\n +tfjs-wasm +40\.0 +25\.0 +41\.0/);
    // Each round's pair reads down one column: the cells of a column end at the same place.
    const lines = text.split('\n');
    const ours = lines.find((l) => l.includes('wasm / ts at 512'))!, theirs = lines[lines.indexOf(ours) + 1]!;
    expect(ours.indexOf('36.0') + 4).toBe(theirs.indexOf('4.00') + 4);
    // Without rounds (no wasm kernels paired, e.g. tfjs missing) the table's figures are judged as before.
    delete r.sgemm.paired;
    expect(computeTargets(r).find((x) => x.name === 'sgemm 512 GFLOPS, wasm / ts')).toMatchObject({ ratio: 6, met: false });
    expect(formatReport({ ...r, targets: computeTargets(r) })).not.toContain('alternating rounds');
  });

  it('judges the MLP step by the rounds alternating with PyTorch when they ran on the engine as run', () => {
    const r = sample();
    // The table's means say 1.2×; the rounds, taken side by side, say 0.95×.
    r.mlpRounds = { backend: 'native', rounds: 3, torchVersion: '1.13.0', engine: [600, 400, 570], torch: [600, 500, 600], ratio: 0.95 };
    const targets = computeTargets(r);
    expect(targets.find((x) => x.name.startsWith('MLP steps/s'))).toMatchObject({ name: 'MLP steps/s, native / PyTorch, median of 3 alternating rounds', ratio: 0.95, met: false });
    const text = formatReport({ ...r, targets });
    expect(text).toContain('side by side in rounds alternating with a live PyTorch 1.13.0 process, steps/s');
    expect(text).toMatch(/native \/ PyTorch +0\.95× +native +600 +400 +570\n +PyTorch +600 +500 +600/);
    // Rounds on another backend than the one the target judges are not used for it.
    r.mlpRounds.backend = 'wasm';
    expect(computeTargets(r).find((x) => x.name.startsWith('MLP steps/s'))).toMatchObject({ name: 'MLP steps/s, native / PyTorch', ratio: 1.2 });
  });

  it('runs the MLP rounds on the backend the MLP target judges: the first whose step was measured', () => {
    expect(mlpTargetBackend({ ts: { stepsPerSec: 5 }, wasm: { stepsPerSec: 50 }, native: { stepsPerSec: 500 } })).toBe('native');
    // Native loaded but its step failed: the target, and so the rounds, are wasm's.
    expect(mlpTargetBackend({ ts: { stepsPerSec: 5 }, wasm: { stepsPerSec: 50 } })).toBe('wasm');
    expect(mlpTargetBackend({ ts: { stepsPerSec: 5 } })).toBe('ts');
    expect(mlpTargetBackend({ torch: { stepsPerSec: 500 } })).toBeUndefined();
  });

  it('judges the MLP step against PyTorch on wasm when native is missing', () => {
    const r = sample();
    delete r.mlp.native;
    r.mlp.wasm = { stepsPerSec: 400 };
    r.fashionEpoch = { backend: 'wasm', engine: { seconds: 2, testAccuracy: 0.8 }, torch: { seconds: 2, testAccuracy: 0.8 } };
    const t = Object.fromEntries(computeTargets(r).map((x) => [x.name, x]));
    expect(t['MLP steps/s, wasm / PyTorch']).toMatchObject({ ratio: 0.8, met: false });
    expect(t['MLP steps/s, ts / PyTorch']).toBeUndefined();
    expect(t['Fashion-MNIST MLP epoch time, wasm / PyTorch']).toMatchObject({ ratio: 1, met: true });
  });

  it('prints the wasm copy-cost table', () => {
    const r = sample();
    r.wasmCopy = [{ call: 'SGD update 1×200704×1', copiedFloats: 602112, copiedUs: 200, inPlaceUs: 50 }];
    expect(formatReport({ ...r, targets: computeTargets(r) })).toMatch(/SGD update 1×200704×1 +2\.41 +200\.0 +50\.0 +75%/);
  });

  it('warns when other work loaded the machine during the run', () => {
    const r = { ...sample(), loadAverage: { start: 0.2, end: 3.5 } };
    expect(formatReport({ ...r, targets: computeTargets(r) })).toContain('the machine was busy (1-minute load average up to 3.5 on 2 CPU(s))');
  });
});

describe('wasm copy cost', () => {
  it('times each MLP call on ordinary arrays and on wasm storage, and gives the storage back', () => {
    const wasm = tryWasm().backend!;
    const rows = wasmCopyCost(wasm, { samples: 1, minSampleMs: 0 });
    expect(rows.map((r) => r.call)).toEqual(['forward x·Wᵀ 256×256×784 (beta 1)', 'weight grad gᵀ·x 256×784×256', 'SGD update 1×200704×1']);
    expect(rows.map((r) => r.copiedFloats)).toEqual([2 * 256 * 784 + 2 * 256 * 256, 256 * 256 + 2 * 256 * 784, 3 * 784 * 256]);
    for (const r of rows) expect(Number.isFinite(r.copiedUs) && Number.isFinite(r.inPlaceUs)).toBe(true);
    // Everything it allocated was released: a second run reuses those blocks, so memory does not grow.
    const memory = (wasm.storage as unknown as { memory: WebAssembly.Memory }).memory;
    const bytes = memory.buffer.byteLength;
    wasmCopyCost(wasm, { samples: 1, minSampleMs: 0 });
    expect(memory.buffer.byteLength).toBe(bytes);
    expect(() => wasmCopyCost(tsBackend, { samples: 1, minSampleMs: 0 })).toThrow('the ts backend has no storage of its own');
  });
});

describe('bench timing helpers', () => {
  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('batches calls until a sample is long enough, then samples the requested number of times', () => {
    let calls = 0;
    const s = secondsPerCall(() => calls++, { samples: 3, minSampleMs: 1 });
    expect(s).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(3);
  });
});

const torchPython = findPython(['torch', 'numpy'], ['/usr/bin/python3', 'python3'], 'bench reference script');

describe('PyTorch reference runner', () => {
  it.skipIf(!torchPython)('runs the whole script (quick) with its embedded MLP program and returns every figure', async () => {
    const py = await runPythonReference(true, torchPython!);
    expect(py.torchVersion).toMatch(/^\d+\.\d+/);
    expect(Object.keys(py.matmulGflops)).toEqual(['64', '128', '256', '512', '1024']);
    for (const x of [...Object.values(py.matmulGflops), py.numpyGflops1024, py.numpyFreshGflops1024, py.seed.usPerStep, py.mlp.stepsPerSec]) {
      expect(x > 0 && Number.isFinite(x)).toBe(true);
    }
    expect(py.seed.steps).toBe(300);
  }, 150_000); // beyond the runner's own 120 s, so a slow run fails with its message

  it('rejects with the interpreter named when it cannot start', async () => {
    await expect(runPythonReference(true, '/nonexistent/python3')).rejects.toThrow(/\/nonexistent\/python3 could not start/);
  });

  it('reports the exit code when the interpreter fails', async () => {
    // `false` ignores its arguments and exits 1: the runner must report the exit code, not hang.
    await expect(runPythonReference(true, '/bin/false')).rejects.toThrow(/\/bin\/false exited with code 1/);
  });
});

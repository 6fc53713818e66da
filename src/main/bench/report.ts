// Human-readable tables for `d2l-workbench bench` (the --json form prints BenchResult as is).
import type { BenchResult } from './results';
import { formatStartup } from './startup';
import { formatLenet } from './lenet-epoch';

const fmt = (x: number | undefined, digits = 1): string => (x === undefined ? '—' : x.toFixed(digits));
const ratio = (x: number | undefined, y: number | undefined): string =>
  x === undefined || y === undefined || y === 0 ? '—' : `${(x / y).toFixed(2)}×`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** Alternating rounds: a row per side, a column per round, so each round's pair reads down a column. */
function roundsTable(pairs: { label: string; ratio: number; sides: readonly (readonly [string, readonly number[]])[] }[]): string {
  const rounds = Math.max(...pairs.flatMap((p) => p.sides.map(([, xs]) => xs.length)));
  const header = ['', 'ratio', 'side', ...Array.from({ length: rounds }, (_, i) => `r${i + 1}`)];
  const rows = pairs.flatMap((p) => p.sides.map(([side, xs], k) => [
    k === 0 ? p.label : '', k === 0 ? `${p.ratio.toFixed(2)}×` : '', side,
    ...Array.from({ length: rounds }, (_, i) => (xs[i] === undefined ? '' : xs[i]!.toPrecision(3))),
  ]));
  return table(header, rows);
}

export function formatReport(r: BenchResult): string {
  const out: string[] = [];
  const native = r.backends.native;
  const torch = r.reference.torch;
  out.push(
    `d2l-workbench bench${r.quick ? ' (quick)' : ''} — Node ${r.node}, ${r.cpus} CPU(s); ` +
      (native ? `native OpenBLAS core ${native.coreName}, ${native.threads} thread(s)` : `native backend unavailable: ${r.backends.nativeUnavailable}`) +
      (r.backends.wasm ? `; wasm ${r.backends.wasm.variant}, ${r.backends.wasm.threads} thread(s)` : `; wasm backend unavailable: ${r.backends.wasmUnavailable}`) +
      (torch ? `; PyTorch ${torch.version} (${torch.threads} thread(s)), NumPy ${torch.numpyVersion}` : '') +
      (r.reference.tfjs ? `; tfjs-backend-cpu ${r.reference.tfjs.version}` : '') +
      (r.reference.tfjsWasm ? `; tfjs-backend-wasm ${r.reference.tfjsWasm.version} (${r.reference.tfjsWasm.threads} thread(s))` : ''),
  );
  out.push(`1-minute load average: ${r.loadAverage.start.toFixed(2)} at the start, ${r.loadAverage.end.toFixed(2)} at the end`);
  const busiest = Math.max(r.loadAverage.start, r.loadAverage.end);
  if (busiest > r.cpus / 2) {
    out.push(`warning: the machine was busy (1-minute load average up to ${busiest.toFixed(1)} on ${r.cpus} CPU(s)); figures are skewed.`);
  }

  const g = r.sgemm.gflops;
  out.push('', 'sgemm GFLOPS (n×n · n×n, float32)');
  out.push(
    table(
      ['n', 'ts', 'wasm', 'native', 'tfjs-cpu', 'tfjs-wasm', 'PyTorch', 'ts/tfjs-cpu', 'wasm/tfjs-wasm', 'wasm/ts', 'native/PyTorch'],
      r.sgemm.sizes.map((n) => {
        const k = String(n);
        const tw = g['tfjs-wasm']?.[k];
        return [
          k, fmt(g.ts?.[k], 2), fmt(g.wasm?.[k]), fmt(g.native?.[k]), fmt(g.tfjs?.[k], 2), fmt(tw), fmt(g.torch?.[k]),
          ratio(g.ts?.[k], g.tfjs?.[k]), ratio(g.wasm?.[k], tw), ratio(g.wasm?.[k], g.ts?.[k]), ratio(g.native?.[k], g.torch?.[k]),
        ];
      }),
    ),
  );
  const paired = r.sgemm.paired;
  const pairs = ([['wasm', 'ts', paired?.wasmVsTs], ['wasm', 'tfjs-wasm', paired?.wasmVsTfjsWasm]] as const)
    .flatMap(([ours, theirs, p]) => (p ? [{ label: `${ours} / ${theirs} at ${p.n}`, ratio: p.ratio, sides: [[ours, p.ours], [theirs, p.theirs]] as const }] : []));
  if (pairs.length) {
    out.push('  side by side in alternating rounds, GFLOPS (what the targets judge; the ratio is the median of the rounds\' ratios):');
    out.push(roundsTable(pairs));
  }
  if (r.sgemm.numpy1024 !== undefined) {
    const next = r.sgemm.native1024NextToNumpy;
    out.push(
      `  numpy float32 matmul at 1024: ${fmt(r.sgemm.numpy1024)} GFLOPS` +
        (next === undefined ? '' : `; native re-measured right after: ${fmt(next)} GFLOPS (native/numpy ${ratio(next, r.sgemm.numpy1024)})`),
    );
  }

  const pm = r.publicMatmul;
  if (pm) {
    const np = pm.numpy;
    const numpyFresh = np ? np.numpyGflops : r.sgemm.numpyFresh1024;
    const rounds = (xs: number[] | undefined): string => (xs ? xs.map((x) => x.toFixed(0)).join(' ') : '');
    out.push('', `Public a.matmul(b) at ${pm.n} (${pm.backend} backend; a fresh result every call, as a user writes it), ` +
      (np ? `in ${np.rounds} rounds alternating with numpy ${np.numpyVersion} a @ b (medians; the ratio is the median of the rounds' ratios)` : 'measured right after numpy'));
    out.push(table(['', 'GFLOPS', 'vs numpy a @ b', 'minor page faults/call', ...(np ? ['each round'] : [])], [
      ['engine a.matmul(b)', fmt(pm.gflops), np ? `${np.engine.public.ratio.toFixed(2)}×` : ratio(pm.gflops, numpyFresh), fmt(pm.minorFaultsPerCall, 1), rounds(np?.engine.public.samples)],
      [`${pm.backend} sgemm into a reused output`, fmt(pm.sgemmGflops), np ? `${np.engine.sgemm.ratio.toFixed(2)}×` : ratio(pm.sgemmGflops, numpyFresh), '', rounds(np?.engine.sgemm.samples)],
      ['numpy a @ b', fmt(numpyFresh), '', '', rounds(np?.numpySamples)],
      ['numpy matmul(a, b, out=c) (reference script)', fmt(r.sgemm.numpy1024), r.sgemm.numpy1024 === undefined ? '—' : `${ratio(r.sgemm.numpy1024, r.sgemm.numpyFresh1024)} of its a @ b`, '', ''],
    ].map((row) => (np ? row : row.slice(0, 4)))));
    out.push(`  (glibc malloc tuned by the native addon: ${pm.mallocTuned === null ? 'n/a' : pm.mallocTuned ? 'yes' : 'no'}; a fresh ${(pm.n * pm.n * 4) / 2 ** 20} MiB result faulting in costs ≈ ${(pm.n * pm.n) / 1024} faults)`);
  }
  const al = r.allocator;
  if (al) {
    const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)}%`);
    out.push('', `Caching allocator (${al.enabled ? 'on' : 'off: WORKBENCH_CACHING_ALLOCATOR=off'}): hit rate ${pct(al.hitRate)} over the bench (${al.hits} hits, ${al.misses} misses); ` +
      `in the MLP step: ${(['ts', 'wasm', 'native'] as const).filter((b) => b in al.mlp).map((b) => `${b} ${pct(al.mlp[b])}`).join(', ') || '—'}`);
  }

  if (r.wasmCopy) {
    out.push('', 'wasm backend: cost of copying ordinary Float32Arrays into its memory and back (the MLP step\'s largest calls)');
    out.push(
      table(
        ['call', 'copied MB', 'copied µs', 'in place µs', 'copy share'],
        r.wasmCopy.map((c) => [c.call, fmt((c.copiedFloats * 4) / 1e6, 2), fmt(c.copiedUs), fmt(c.inPlaceUs), c.copiedUs > 0 ? `${Math.round((100 * (c.copiedUs - c.inPlaceUs)) / c.copiedUs)}%` : '—']),
      ),
    );
  }

  out.push('', `Book 3.3 concise linear regression (1000 samples, batch 10, 3 epochs = ${r.seed.steps} steps, DataLoader shuffle)`);
  const seedRow = (name: string, s: { usPerStep: number; msPerTraining: number } | undefined): string[] =>
    [name, fmt(s?.usPerStep), fmt(s?.msPerTraining, 2), ratio(s?.usPerStep, r.seed.torch?.usPerStep)];
  out.push(table(['backend', 'µs/step', 'ms/training', 'time vs PyTorch'], [seedRow('ts', r.seed.ts), seedRow('wasm', r.seed.wasm), seedRow('native', r.seed.native), seedRow('PyTorch', r.seed.torch)]));

  out.push('', 'MLP 784-256-10 (ReLU, CrossEntropyLoss, SGD lr 0.1), batch 256: one training step');
  const mlpRow = (name: string, s: { stepsPerSec: number } | undefined): string[] =>
    [name, fmt(s?.stepsPerSec), ratio(s?.stepsPerSec, r.mlp.torch?.stepsPerSec)];
  out.push(table(['backend', 'steps/s', 'speed vs PyTorch'], [mlpRow('ts', r.mlp.ts), mlpRow('wasm', r.mlp.wasm), mlpRow('native', r.mlp.native), mlpRow('PyTorch', r.mlp.torch)]));
  if (torch) out.push('  (engine figures are the mean of runs just before and just after the PyTorch script)');
  const mr = r.mlpRounds;
  if (mr) {
    out.push(`  side by side in rounds alternating with a live PyTorch ${mr.torchVersion} process, steps/s (what the target judges; the ratio is the median of the rounds' ratios):`);
    out.push(roundsTable([{ label: `${mr.backend} / PyTorch`, ratio: mr.ratio, sides: [[mr.backend, mr.engine], ['PyTorch', mr.torch]] }]));
  }

  const fe = r.fashionEpoch;
  if (fe) {
    out.push('', `One epoch of the 4.3 MLP on Fashion-MNIST (60k images, batch 256, then test accuracy), ${fe.backend} backend`);
    const row = (name: string, s: { seconds: number; testAccuracy: number } | undefined): string[] =>
      [name, fmt(s?.seconds, 2), fmt(s?.testAccuracy, 3), ratio(s?.seconds, fe.torch?.seconds)];
    const rows = [row(`engine (${fe.backend})`, fe.engine)];
    if (fe.wasm) rows.push(row('engine (wasm)', fe.wasm));
    rows.push(row('PyTorch', fe.torch));
    out.push(table(['', 's/epoch', 'test acc', 'time vs PyTorch'], rows));
  }
  const acc = r.wasmAccuracy;
  if (acc) {
    out.push('', `The 4.3 MLP with its defaults (${acc.epochs} epochs, batch 256, lr 0.1) on the wasm backend: test accuracy ${fmt(acc.testAccuracy, 3)}, ${fmt(acc.seconds, 1)} s of training`);
  }

  if (r.startup) out.push(...formatStartup(r.startup));
  if (r.lenet) out.push(...formatLenet(r.lenet));

  out.push('', 'Targets');
  for (const t of r.targets) {
    const mark = t.met === null ? '?' : t.met ? 'met' : 'MISSED';
    out.push(`  ${mark.padEnd(6)} ${t.name}: ${t.ratio === null ? 'not measured' : `${t.ratio.toFixed(t.unit === ' ms' ? 0 : t.unit === '' ? 3 : 2)}${t.unit ?? '×'}`} (goal ${t.goal})`);
  }
  const skipped = Object.entries(r.skipped);
  if (skipped.length) {
    out.push('', 'Skipped');
    for (const [what, why] of skipped) out.push(`  ${what}: ${why}`);
  }
  return out.join('\n') + '\n';
}

// Issue 19's figure: one epoch of the book's LeNet (6.6: sigmoid + average pooling, Xavier init,
// SGD lr 0.9, batch 256) on the real Fashion-MNIST, train_ch6 as printed (training loop with the
// loss/accuracy metrics, then the test accuracy), in the engine and in PyTorch 1.13 side by side.
// Data loading is not timed on either side; each side warms up on WARMUP_BATCHES first.
//   - engine, native backend at OpenBLAS's default threads: once before and once after PyTorch
//     (load drifts on a shared machine; the mean counts), and once at 1 thread for reference;
//   - PyTorch at 1 and at 2 threads (the target is judged against the faster);
//   - engine, TypeScript backend: a whole epoch takes minutes there, so steps/s over TS_BATCHES.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Generator, nn, noGrad, optim, type Tensor } from '../engine';
import { getBackend, setBackend } from '../engine/backend';
import type { NativeBackend } from '../engine/backend/native';
import { loadDataFashionMnist, loadFashionForRun } from '../experiments/fashion-data';
import { lenet, xavierInit } from '../experiments/lenet-model';
import { errorMessage } from '../../shared/error-message';
import { runPythonJson } from './python-json';
import FASHION_PRELUDE from './python/fashion_prelude.py?raw';

export const LENET_BATCH = 256;
export const LENET_LR = 0.9;
const WARMUP_BATCHES = 10;
const TS_BATCHES = 8;
const SEED = 1;

export interface LenetEpochFigures {
  /** Training loop plus test accuracy, seconds. */
  seconds: number;
  trainLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
}

export interface LenetBenchResult {
  batchSize: number;
  lr: number;
  /** 1-minute load average when this part started and ended. */
  loadAverage: { start: number; end: number };
  /** Engine on the native backend at OpenBLAS's default thread count: epochs before and after PyTorch. */
  native?: { threads: number; runs: LenetEpochFigures[]; seconds: number };
  /** Engine on the native backend with OpenBLAS at 1 thread (for reference). */
  native1?: LenetEpochFigures;
  /** Engine on the TypeScript backend: training steps per second over a few batches (not a whole epoch). */
  ts?: { batches: number; stepsPerSec: number; projectedEpochSeconds: number };
  /** PyTorch by thread count ("1", "2"). */
  torch?: Record<string, LenetEpochFigures>;
}

/** One train_ch6 epoch (or the first `maxBatches` training batches, then no test pass) on the engine. */
export function engineLenetEpoch(maxBatches = Infinity): LenetEpochFigures & { batches: number } {
  const ds = loadFashionForRun();
  const rng = new Generator(SEED);
  const [trainIter, testIter] = loadDataFashionMnist(ds, LENET_BATCH, rng);
  const net = lenet(rng);
  net.apply(xavierInit(rng));
  const loss = new nn.CrossEntropyLoss();
  const trainer = new optim.SGD(net.parameters(), { lr: LENET_LR });
  const t0 = performance.now();
  net.train();
  let lossSum = 0, correct = 0, seen = 0, batches = 0;
  for (const [X, y] of trainIter) {
    if (batches >= maxBatches) break;
    trainer.zeroGrad();
    const yHat = net.forward(X);
    const l = loss.forward(yHat, y);
    l.backward();
    trainer.step();
    noGrad(() => {
      const n = y.shape[0]!;
      lossSum += l.item() * n;
      correct += accuracy(yHat, y);
      seen += n;
    });
    batches++;
  }
  let testAccuracy = Number.NaN;
  if (maxBatches === Infinity) {
    net.eval();
    let right = 0, total = 0;
    noGrad(() => {
      for (const [X, y] of testIter) {
        right += accuracy(net.forward(X), y);
        total += y.shape[0]!;
      }
    });
    testAccuracy = right / total;
  }
  return { seconds: (performance.now() - t0) / 1e3, trainLoss: lossSum / seen, trainAccuracy: correct / seen, testAccuracy, batches };
}

function accuracy(yHat: Tensor, y: Tensor): number {
  return yHat.argmax(1).eq(y).sum().item();
}

const SCRIPT = String.raw`
${FASHION_PRELUDE}
threads, warmup = int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)

def accuracy(y_hat, y):
    y_hat = y_hat.argmax(axis=1)
    cmp = y_hat.type(y.dtype) == y
    return float(cmp.type(y.dtype).sum())

def epoch(max_batches=None):
    torch.manual_seed(1)
    train_iter = data.DataLoader(data.TensorDataset(Xtr, ytr), 256, shuffle=True)
    test_iter = data.DataLoader(data.TensorDataset(Xte, yte), 256, shuffle=False)
    net = lenet()
    optimizer = torch.optim.SGD(net.parameters(), lr=0.9)
    loss = nn.CrossEntropyLoss()
    t = time.perf_counter()
    net.train()
    total, correct, n = 0.0, 0.0, 0
    for i, (X, y) in enumerate(train_iter):
        if max_batches is not None and i >= max_batches:
            return None
        optimizer.zero_grad()
        y_hat = net(X)
        l = loss(y_hat, y)
        l.backward()
        optimizer.step()
        with torch.no_grad():
            total += float(l * X.shape[0]); correct += accuracy(y_hat, y); n += X.shape[0]
    net.eval()
    right, seen = 0.0, 0
    with torch.no_grad():
        for X, y in test_iter:
            right += accuracy(net(X), y); seen += y.numel()
    return {'seconds': time.perf_counter() - t, 'trainLoss': total / n, 'trainAccuracy': correct / n,
            'testAccuracy': right / seen}

epoch(warmup)
print(json.dumps(epoch()))
`;

/** PyTorch's epoch at `threads` threads (after a warm-up on a few batches). */
export function torchLenetEpoch(dir: string, python: string, threads: number): Promise<LenetEpochFigures> {
  return runPythonJson<LenetEpochFigures>(python, SCRIPT, [dir, String(threads), String(WARMUP_BATCHES)], 600_000);
}

export interface LenetBenchOptions {
  dir: string;
  python: string;
  progress: (message: string) => void;
  /** Where a part that could not run records why. */
  skipped: Record<string, string>;
}


/** The whole LeNet comparison; parts that fail are recorded in `skipped`, never thrown. */
export async function benchLenet(opts: LenetBenchOptions): Promise<LenetBenchResult> {
  const { progress, skipped } = opts;
  const r: LenetBenchResult = { batchSize: LENET_BATCH, lr: LENET_LR, loadAverage: { start: loadavg()[0]!, end: 0 } };
  const previous = getBackend().name;
  let native: NativeBackend | undefined;
  try {
    const b = setBackend('native');
    native = b as NativeBackend;
  } catch (err) {
    skipped['lenet/native'] = errorMessage(err);
  }
  const nativeEpoch = (): LenetEpochFigures | undefined => {
    if (!native) return undefined;
    setBackend('native');
    try {
      engineLenetEpoch(WARMUP_BATCHES);
      const { batches: _, ...fig } = engineLenetEpoch();
      return fig;
    } catch (err) {
      skipped['lenet/native'] = errorMessage(err);
      return undefined;
    }
  };
  try {
    const runs: LenetEpochFigures[] = [];
    if (native) progress(`one LeNet epoch on the native backend (${native.threads} OpenBLAS threads)`);
    const before = nativeEpoch();
    if (before) runs.push(before);
    r.torch = {};
    for (const threads of [1, 2]) {
      progress(`one LeNet epoch in PyTorch at ${threads} thread(s)`);
      try {
        r.torch[String(threads)] = await torchLenetEpoch(opts.dir, opts.python, threads);
      } catch (err) {
        skipped[`lenet/torch${threads}`] = errorMessage(err);
      }
    }
    if (Object.keys(r.torch).length === 0) delete r.torch;
    if (native) progress('one LeNet epoch on the native backend again, after PyTorch');
    const after = nativeEpoch();
    if (after) runs.push(after);
    if (native && runs.length > 0) {
      r.native = { threads: native.threads, runs, seconds: runs.reduce((s, f) => s + f.seconds, 0) / runs.length };
      const threads = native.threads;
      if (threads !== 1) {
        progress('one LeNet epoch on the native backend with OpenBLAS at 1 thread');
        native.setThreads(1);
        try {
          r.native1 = nativeEpoch();
        } finally {
          native.setThreads(threads);
        }
      }
    }
    progress(`LeNet training steps on the TypeScript backend (${TS_BATCHES} batches)`);
    try {
      setBackend('ts');
      engineLenetEpoch(1);
      const { seconds } = engineLenetEpoch(TS_BATCHES);
      const stepsPerSec = TS_BATCHES / seconds;
      r.ts = { batches: TS_BATCHES, stepsPerSec, projectedEpochSeconds: Math.ceil(60000 / LENET_BATCH) / stepsPerSec };
    } catch (err) {
      skipped['lenet/ts'] = errorMessage(err);
    }
  } finally {
    setBackend(previous);
  }
  r.loadAverage.end = loadavg()[0]!;
  return r;
}

/** The faster PyTorch epoch and its thread count. */
export function bestTorch(r: LenetBenchResult): { threads: string; figures: LenetEpochFigures } | undefined {
  const entries = Object.entries(r.torch ?? {});
  if (entries.length === 0) return undefined;
  const [threads, figures] = entries.reduce((a, b) => (b[1].seconds < a[1].seconds ? b : a));
  return { threads, figures };
}

const fmt = (x: number | undefined, digits = 2): string => (x === undefined || Number.isNaN(x) ? '—' : x.toFixed(digits));

/** The report's LeNet section. */
export function formatLenet(r: LenetBenchResult): string[] {
  const best = bestTorch(r);
  const ratio = (s: number | undefined): string => (s === undefined || !best ? '—' : `${(s / best.figures.seconds).toFixed(2)}×`);
  const out = ['', `LeNet (6.6) on Fashion-MNIST, one epoch (235 batches of ${r.batchSize}, lr ${r.lr}, then test accuracy); load average ${r.loadAverage.start.toFixed(1)} → ${r.loadAverage.end.toFixed(1)}`];
  const rows: string[][] = [];
  const row = (name: string, f: LenetEpochFigures | undefined, seconds = f?.seconds): void => {
    rows.push([name, fmt(seconds), fmt(f?.trainLoss, 3), fmt(f?.testAccuracy, 3), ratio(seconds)]);
  };
  if (r.native) {
    r.native.runs.forEach((f, i) => row(`engine native, ${r.native!.threads} thr (run ${i + 1})`, f));
    rows.push([`engine native, ${r.native.threads} thr (mean)`, fmt(r.native.seconds), '', '', ratio(r.native.seconds)]);
  }
  if (r.native1) row('engine native, 1 thr', r.native1);
  for (const [threads, f] of Object.entries(r.torch ?? {})) row(`PyTorch, ${threads} thr${best?.threads === threads ? ' (best)' : ''}`, f);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...[['', 's/epoch', 'train loss', 'test acc', 'vs best PyTorch'], ...rows].map((r) => r[i]!.length)));
  const line = (cells: string[]): string => '  ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  out.push(line(['', 's/epoch', 'train loss', 'test acc', 'vs best PyTorch']), ...rows.map(line));
  if (r.ts) {
    out.push(`  engine ts: ${fmt(r.ts.stepsPerSec)} steps/s over ${r.ts.batches} batches (not a whole epoch: ≈ ${fmt(r.ts.projectedEpochSeconds, 0)} s projected)`);
  }
  return out;
}

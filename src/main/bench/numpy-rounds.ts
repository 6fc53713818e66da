// numpy's `a @ b` and the engine's `a.matmul(b)` at 1024, measured in alternating rounds: on a
// shared VM the speed of the same sgemm drifts by 15% within a minute, so two figures taken a
// minute apart (the reference script's numpy, then the engine) compared the drift as much as the
// code. A numpy process stays alive and takes one sample per request; between samples both sides
// rest, because OpenBLAS's idle threads spin for a while after their last product and would
// slow the other process's next sample.
import { spawn } from 'node:child_process';
import { median } from './timing';

const SCRIPT = `
import sys, time
import numpy as np
n = int(sys.argv[1]); min_s = float(sys.argv[2])
a = np.random.rand(n, n).astype(np.float32); b = np.random.rand(n, n).astype(np.float32)
for _ in range(3): a @ b
print('ready', np.__version__, flush=True)
for line in sys.stdin:
    calls = 0; t = time.perf_counter()
    while True:
        a @ b; calls += 1
        dt = time.perf_counter() - t
        if dt >= min_s: break
    print(2 * n ** 3 * calls / dt / 1e9, flush=True)
`;

/** One engine figure taken in every round, right after numpy's sample. */
export interface AlternatingEngineFigure {
  /** Median GFLOPS over the rounds. */
  gflops: number;
  /** Median of the per-round ratios to numpy (each round's pair taken seconds apart). */
  ratio: number;
  /** Each round's GFLOPS, in order. */
  samples: number[];
}

export interface AlternatingFigures<K extends string = string> {
  rounds: number;
  /** numpy's median GFLOPS, and each round's. */
  numpyGflops: number;
  numpySamples: number[];
  numpyVersion: string;
  engine: Record<K, AlternatingEngineFigure>;
}

/** A numpy process that answers each request with one GFLOPS sample of `a @ b` (a fresh result each call). */
class NumpySampler {
  private readonly child;
  private buffer = '';
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';
  private failed: Error | undefined;

  constructor(python: string, n: number, minSampleS: number) {
    this.child = spawn(python, ['-c', SCRIPT, String(n), String(minSampleS)], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl).trim();
        this.buffer = this.buffer.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.child.stderr.setEncoding('utf8').on('data', (c: string) => (this.stderr += c));
    // A process that went away fails the next write with EPIPE; 'close' below reports why it went.
    this.child.stdin.on('error', () => undefined);
    const fail = (why: string): void => {
      this.failed ??= new Error(why);
      for (const w of this.waiting.splice(0)) w('');
    };
    this.child.on('error', (err) => fail(`${python} could not start: ${err.message}`));
    this.child.on('close', (code, signal) => fail(`${python} exited with ${signal ?? `code ${code}`}: ${this.stderr.trim().split('\n').at(-1) ?? ''}`));
  }

  private next(timeoutMs: number): Promise<string> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`numpy gave no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiting.push((line) => {
        clearTimeout(timer);
        if (this.failed) reject(this.failed);
        else resolve(line);
      });
    });
  }

  /** numpy's version once it has warmed up. */
  async ready(): Promise<string> {
    const line = await this.next(60_000);
    if (!line.startsWith('ready ')) throw new Error(`numpy sampler said ${JSON.stringify(line)} instead of ready`);
    return line.slice('ready '.length);
  }

  async sample(): Promise<number> {
    const reply = this.next(60_000);
    this.child.stdin.write('go\n');
    const gflops = Number(await reply);
    if (!Number.isFinite(gflops) || gflops <= 0) throw new Error(`numpy sampler answered a non-positive or unreadable figure`);
    return gflops;
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

const rest = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `rounds` rounds of one numpy sample, then one sample of each engine figure (`samplers`, each
 * returning GFLOPS), with a rest after every sample. Rejects with a one-line reason when python3
 * or numpy is missing.
 */
export async function alternateWithNumpy<K extends string>(
  samplers: Record<K, () => number>,
  opts: { python: string; n: number; rounds: number; minSampleS: number; restMs?: number },
): Promise<AlternatingFigures<K>> {
  const restMs = opts.restMs ?? 300;
  const names = Object.keys(samplers) as K[];
  const numpy = new NumpySampler(opts.python, opts.n, opts.minSampleS);
  try {
    const numpyVersion = await numpy.ready();
    const np: number[] = [];
    const taken = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
    for (let i = 0; i < opts.rounds; i++) {
      np.push(await numpy.sample());
      await rest(restMs);
      for (const k of names) {
        taken[k].push(samplers[k]());
        await rest(restMs);
      }
    }
    const engine = Object.fromEntries(names.map((k) => [k, {
      gflops: median(taken[k]),
      ratio: median(taken[k].map((e, i) => e / np[i]!)),
      samples: taken[k],
    }])) as Record<K, AlternatingEngineFigure>;
    return { rounds: opts.rounds, numpyGflops: median(np), numpySamples: np, numpyVersion, engine };
  } finally {
    numpy.close();
  }
}

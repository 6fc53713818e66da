// A reference measured in a live Python process, in rounds alternating with the engine. On a
// shared VM the speed of the same code drifts by 15% or more within a minute, so two figures taken
// a minute apart (a reference script's, then the engine's) compare the drift as much as the code.
// The process warms up once, then answers each request with one sample; between samples both
// sides rest, because BLAS threads spin for a while after their last product (OpenBLAS's for
// about 150 ms) and would slow the other process's next sample.
import { spawn } from 'node:child_process';
import { median } from './timing';

/**
 * What the Python side runs. `prelude` defines `version` (a string) and `sample_call()` (one
 * call of the measured work), reading its own arguments from `sys.argv[2:]`; each sample answers
 * `work_per_call * calls / seconds` over at least `min_s` seconds.
 */
export interface PythonReferenceScript {
  /** Names the reference in messages: "numpy", "PyTorch". */
  label: string;
  prelude: string;
  args: string[];
  workPerCall: number;
}

const loop = (prelude: string): string => `
import sys, time
min_s = float(sys.argv[1])
${prelude}
for _ in range(3): sample_call()
print('ready', version, flush=True)
for line in sys.stdin:
    calls = 0; t = time.perf_counter()
    while True:
        sample_call(); calls += 1
        dt = time.perf_counter() - t
        if dt >= min_s: break
    print(WORK_PER_CALL * calls / dt, flush=True)
`;

/** One engine figure taken in every round, right after the reference's sample. */
export interface AlternatingEngineFigure {
  /** Median over the rounds. */
  median: number;
  /** Median of the per-round ratios to the reference (each round's pair taken seconds apart). */
  ratio: number;
  /** Each round's figure, in order. */
  samples: number[];
}

export interface AlternatingWithPython<K extends string> {
  rounds: number;
  /** The reference's median, and each round's sample. */
  reference: number;
  referenceSamples: number[];
  /** What the reference's `version` said once it had warmed up. */
  version: string;
  engine: Record<K, AlternatingEngineFigure>;
}

/** A Python process that answers each request with one sample of its reference. */
class PythonSampler {
  private readonly child;
  private buffer = '';
  private readonly waiting: ((line: string) => void)[] = [];
  private stderr = '';
  private failed: Error | undefined;

  constructor(python: string, private readonly ref: PythonReferenceScript, minSampleS: number) {
    const script = loop(`WORK_PER_CALL = ${ref.workPerCall}\n${ref.prelude}`);
    this.child = spawn(python, ['-c', script, String(minSampleS), ...ref.args], { stdio: ['pipe', 'pipe', 'pipe'] });
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
      const timer = setTimeout(() => reject(new Error(`${this.ref.label} gave no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      this.waiting.push((line) => {
        clearTimeout(timer);
        if (this.failed) reject(this.failed);
        else resolve(line);
      });
    });
  }

  /** The reference's version once it has warmed up. */
  async ready(): Promise<string> {
    const line = await this.next(60_000);
    if (!line.startsWith('ready ')) throw new Error(`${this.ref.label} sampler said ${JSON.stringify(line)} instead of ready`);
    return line.slice('ready '.length);
  }

  async sample(): Promise<number> {
    const reply = this.next(60_000);
    this.child.stdin.write('go\n');
    const figure = Number(await reply);
    if (!Number.isFinite(figure) || figure <= 0) throw new Error(`${this.ref.label} sampler answered a non-positive or unreadable figure`);
    return figure;
  }

  close(): void {
    this.child.stdin.end();
    this.child.kill();
  }
}

const rest = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * `rounds` rounds of one reference sample, then one sample of each engine figure (`samplers`),
 * with a rest after every sample. Rejects with a one-line reason when python3 or the reference's
 * module is missing.
 */
export async function alternateWithPython<K extends string>(
  ref: PythonReferenceScript,
  samplers: Record<K, () => number>,
  opts: { python: string; rounds: number; minSampleS: number; restMs?: number },
): Promise<AlternatingWithPython<K>> {
  const restMs = opts.restMs ?? 300;
  const names = Object.keys(samplers) as K[];
  const py = new PythonSampler(opts.python, ref, opts.minSampleS);
  try {
    const version = await py.ready();
    const theirs: number[] = [];
    const taken = Object.fromEntries(names.map((k) => [k, [] as number[]])) as Record<K, number[]>;
    for (let i = 0; i < opts.rounds; i++) {
      theirs.push(await py.sample());
      await rest(restMs);
      for (const k of names) {
        taken[k].push(samplers[k]());
        await rest(restMs);
      }
    }
    const engine = Object.fromEntries(names.map((k) => [k, {
      median: median(taken[k]),
      ratio: median(taken[k].map((e, i) => e / theirs[i]!)),
      samples: taken[k],
    }])) as Record<K, AlternatingEngineFigure>;
    return { rounds: opts.rounds, reference: median(theirs), referenceSamples: theirs, version, engine };
  } finally {
    py.close();
  }
}

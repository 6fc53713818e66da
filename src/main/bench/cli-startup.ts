// The CLI's whole-process cost next to a bare `node -e 0`: what a learner waits for when typing
// `d2l-workbench --version` or the book's 3.3 program. The three commands are run interleaved so
// that load drifting on a shared machine touches each of them alike; medians are reported.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { packagePaths, requireBuilt } from './package-paths';
import { median } from './timing';
import { linregConcise } from '../experiments/linreg-concise';

export interface CliStartupResult {
  runs: number;
  /** Median wall-clock milliseconds per whole process. */
  bareNodeMs: number;
  versionMs: number;
  trainMs: number;
  /** The commands, as typed from the package folder. */
  commands: { bareNode: string; version: string; train: string };
  loadAverage: { start: number; end: number };
}

export async function measureCliStartup(opts: { runs?: number; progress?: (message: string) => void } = {}): Promise<CliStartupResult> {
  const runs = opts.runs ?? 20;
  const paths = packagePaths();
  requireBuilt(paths);
  const dataDir = mkdtempSync(join(tmpdir(), 'd2l-bench-cli-'));
  const start = loadavg()[0]!;
  const cases = {
    bareNode: ['-e', '0'],
    version: [paths.bin, '--version'],
    // The book's 3.3 program, the seed notes' last one.
    train: [paths.bin, 'train', linregConcise.spec.id, '--no-save', '--data-dir', dataDir],
  } as const;
  const times: Record<keyof typeof cases, number[]> = { bareNode: [], version: [], train: [] };
  try {
    opts.progress?.(`CLI start-up: node -e 0, --version and train ${linregConcise.spec.id}, ${runs} runs each`);
    // One untimed round warms the file cache, as it is for anyone who has run the command before.
    for (let i = -1; i < runs; i++) {
      for (const key of Object.keys(cases) as (keyof typeof cases)[]) {
        const ms = timeProcess(cases[key], paths.root);
        if (i >= 0) times[key].push(ms);
      }
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return {
    runs,
    bareNodeMs: median(times.bareNode),
    versionMs: median(times.version),
    trainMs: median(times.train),
    commands: {
      bareNode: 'node -e 0',
      version: 'node bin/d2l-workbench.cjs --version',
      train: `node bin/d2l-workbench.cjs train ${linregConcise.spec.id} --no-save`,
    },
    loadAverage: { start, end: loadavg()[0]! },
  };
}

function timeProcess(args: readonly string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr.trim().split('\n')[0] ?? ''}`);
  return ms;
}

// Differential property test: fast-check-generated op chains and optimiser runs (engine-diff/
// cases.mjs) replayed on the engine and compared with what PyTorch 1.13 gave for the same case:
// values, strides, requiresGrad, gradients, and that both raise (with PyTorch's words, for the
// messages the engine promises to repeat).
//   - the committed corpus fixtures/engine-diff.json (recorded by record_diff.py), every run;
//   - a live batch evaluated through /usr/bin/python3: ENGINE_FUZZ_CASES cases (default 40; `npm
//     run fuzz` asks for thousands; FUZZ_SEED picks the seed, ENGINE_FUZZ_REPORT=FILE writes every
//     failing case), skipped with a message where PyTorch is not installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadFixture } from './golden-helpers';
import { sampleCases, type Case, type Outcome } from './engine-diff/cases.mjs';
import { compareOutcomes, describeFailure, runCase } from './engine-diff/interpret';

interface Corpus {
  generator: { seed: number; count: number; torch: string };
  cases: { case: Case; torch: Outcome }[];
}

const corpus = loadFixture<Corpus>('engine-diff');

describe('engine vs PyTorch 1.13: the recorded differential corpus', () => {
  it('holds a few hundred cases of every kind', () => {
    const chains = corpus.cases.filter((c) => c.case.kind === 'chain');
    const count = (pred: (c: Corpus['cases'][number]) => boolean): number => corpus.cases.filter(pred).length;
    expect(corpus.cases.length).toBe(corpus.generator.count);
    expect(chains.length).toBeGreaterThan(250);
    expect(count((c) => c.case.kind === 'optim')).toBeGreaterThan(30);
    expect(count((c) => c.torch.error !== undefined)).toBeGreaterThan(20);
    expect(count((c) => c.torch.grads !== undefined)).toBeGreaterThan(100);
    expect(count((c) => c.torch.secondError !== undefined)).toBeGreaterThan(5);
    expect(count((c) => JSON.stringify(c.case).includes('"nan"'))).toBeGreaterThan(10);
  });

  for (const { case: c, torch } of corpus.cases) {
    it(`case ${c.id} (${c.kind})`, () => {
      const problems = compareOutcomes(c, runCase(c), torch);
      expect(problems, describeFailure(c, problems)).toEqual([]);
    });
  }
});

const PYTHON = '/usr/bin/python3';
const RECORDER = fileURLToPath(new URL('./record_diff.py', import.meta.url));
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const liveCount = Number(process.env.ENGINE_FUZZ_CASES ?? 40);
const liveSeed = process.env.FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED ?? 7);

describe('engine vs PyTorch 1.13: live cases', () => {
  if (!hasTorch) console.warn(`engine-diff: ${PYTHON} cannot import torch, so the live differential cases are skipped (apt-get install python3-torch)`);
  it.skipIf(!hasTorch)(`${liveCount} fresh cases (seed ${liveSeed}) agree with PyTorch`, () => {
    const cases = sampleCases(liveSeed, liveCount);
    const dir = mkdtempSync(join(tmpdir(), 'engine-diff-'));
    try {
      const input = join(dir, 'cases.json'), output = join(dir, 'torch.json');
      writeFileSync(input, JSON.stringify(cases));
      const r = spawnSync(PYTHON, [RECORDER, '--eval', input, output], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) throw new Error(`record_diff.py failed: ${r.stderr}`);
      const torch = JSON.parse(readFileSync(output, 'utf8')) as Outcome[];
      const failures: string[] = [];
      cases.forEach((c, i) => {
        const problems = compareOutcomes(c, runCase(c), torch[i]);
        if (problems.length > 0) failures.push(describeFailure(c, problems));
      });
      console.log(`engine-diff: ${cases.length} live cases (seed ${liveSeed}), ${failures.length} differ from PyTorch`);
      // ENGINE_FUZZ_REPORT=FILE keeps every failing case for a closer look (the assertion shows ten).
      if (process.env.ENGINE_FUZZ_REPORT) writeFileSync(process.env.ENGINE_FUZZ_REPORT, failures.join('\n\n'));
      expect(failures.slice(0, 10), `${failures.length} of ${cases.length} cases differ`).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});

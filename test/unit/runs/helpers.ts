// Shared by the run-store and export tests: temp data directories, a finished-run draft shaped
// like the training service's summary, and python detection that skips visibly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach } from 'vitest';
import { RunStore } from '../../../src/main/services/runs/store';
import type { RunDraft } from '../../../src/main/services/runs/draft';
import type { NamedParams } from '../../../src/main/services/export/tensors';

export function tempDir(prefix = 'd2l-runs-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Registers a fresh temporary folder per test with a run store over its `data` subfolder, removed
 * after the test; the returned object's fields change before each test.
 */
export function useTempRunStore(prefix: string): { dir: string; store: RunStore } {
  const at = {} as { dir: string; store: RunStore; cleanup: () => void };
  beforeEach(() => {
    const tmp = tempDir(prefix);
    Object.assign(at, tmp, { store: new RunStore(join(tmp.dir, 'data')) });
  });
  afterEach(() => at.cleanup());
  return at;
}

export function linregDraft(overrides: Partial<RunDraft> = {}): RunDraft {
  return {
    experiment: 'linreg-concise',
    section: '3.3',
    config: { experiment: 'linreg-concise', hyperparameters: { epochs: 3, lr: 0.03, batchSize: 10, samples: 1000 }, seed: 42 },
    status: 'completed',
    backend: 'ts',
    durations: { trainMs: 21.5 },
    epochs: [
      { epoch: 1, loss: 0.000248 },
      { epoch: 2, loss: 0.000103 },
      { epoch: 3, loss: 0.000102 },
    ],
    stepLosses: Array.from({ length: 300 }, (_, i) => 1 / (i + 1)),
    ...overrides,
  };
}

export const LINREG_PARAMS: NamedParams = {
  '0.weight': { shape: [1, 2], data: [1.9994, -3.3997] },
  '0.bias': { shape: [1], data: [4.1998] },
};

/** A python able to import every module named, or undefined (with a warning saying what is skipped). */
export function findPython(modules: string[], candidates = ['python3', '/usr/bin/python3'], what = ''): string | undefined {
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
    if (r.status === 0) return python;
  }
  console.warn(`SKIPPED${what ? ` ${what}` : ''}: no python with ${modules.join(' + ')} among ${candidates.join(', ')}`);
  return undefined;
}

export function runPython(python: string, script: string, args: string[] = []): string {
  const r = spawnSync(python, ['-c', script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

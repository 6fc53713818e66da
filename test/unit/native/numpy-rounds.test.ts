// The bench's side-by-side rounds with numpy (issue 15's matmul figure): each round takes one
// numpy sample and then one engine sample, and the ratio is the median of the rounds' ratios.
// Structure only; no speed is asserted.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alternateWithNumpy } from '../../../src/main/bench/numpy-rounds';
import { findPython } from '../runs/helpers';

const python = findPython(['numpy'], ['/usr/bin/python3', 'python3'], 'bench numpy rounds');

describe('alternateWithNumpy', () => {
  it.skipIf(!python)('takes one sample of each engine figure per round, after numpy\'s, and reports medians and ratios', async () => {
    const order: string[] = [];
    const fig = await alternateWithNumpy({
      first: () => (order.push('first'), 50),
      second: () => (order.push('second'), 25),
    }, { python: python!, n: 64, rounds: 5, minSampleS: 0.005, restMs: 1 });
    expect(order).toEqual(Array.from({ length: 5 }, () => ['first', 'second']).flat());
    expect(fig.rounds).toBe(5);
    expect(fig.numpySamples).toHaveLength(5);
    expect(fig.engine.first.samples).toEqual([50, 50, 50, 50, 50]);
    expect(fig.engine.first.gflops).toBe(50);
    expect(fig.engine.second.gflops).toBe(25);
    expect(fig.numpyGflops).toBeGreaterThan(0);
    // A constant engine figure over an odd number of rounds: the median ratio is the figure / median(numpy).
    expect(fig.engine.first.ratio * fig.numpyGflops).toBeCloseTo(50, 6);
    expect(fig.engine.second.ratio * fig.numpyGflops).toBeCloseTo(25, 6);
    expect(fig.numpyVersion).toMatch(/^\d+\.\d+/);
  }, 60_000);

  it('rejects with the reason when python cannot start, and when it exits at once', async () => {
    await expect(alternateWithNumpy({ e: () => 1 }, { python: '/nonexistent/python3', n: 8, rounds: 1, minSampleS: 0.001 }))
      .rejects.toThrow(/\/nonexistent\/python3 could not start/);
    await expect(alternateWithNumpy({ e: () => 1 }, { python: '/bin/false', n: 8, rounds: 1, minSampleS: 0.001 }))
      .rejects.toThrow(/\/bin\/false exited with code 1/);
  });

  it('rejects with the reason, without an unhandled EPIPE, when numpy stops reading after it said ready', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2l-numpy-rounds-'));
    const fake = join(dir, 'python3');
    // Closes its stdin, so the first request meets EPIPE, says ready, then exits without a figure.
    writeFileSync(fake, '#!/bin/sh\nexec 0<&-\necho "ready 0.0"\nsleep 0.3\necho "gone" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    try {
      await expect(alternateWithNumpy({ e: () => 1 }, { python: fake, n: 8, rounds: 2, minSampleS: 0.001, restMs: 1 }))
        .rejects.toThrow(/python3 exited with code 3: gone/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!python)('rejects with the engine\'s own error when an engine sample throws', async () => {
    await expect(alternateWithNumpy({
      e: () => {
        throw new Error('engine failed');
      },
    }, { python: python!, n: 8, rounds: 2, minSampleS: 0.001, restMs: 1 })).rejects.toThrow('engine failed');
  }, 60_000);
});

// The MLP target's figure (issue 3's, re-measured in issue 15's way): the engine's MLP step in
// rounds alternating with a live PyTorch process running the same program. Structure only; no
// speed is asserted. Needs python3 with torch (`apt-get install python3-torch`); says so and skips
// where it is absent.
import { describe, expect, it } from 'vitest';
import { mlpRounds } from '../../../src/main/bench/mlp-rounds';
import { alternateWithPython } from '../../../src/main/bench/python-rounds';
import { getBackend, setBackend } from '../../../src/main/engine/backend';
import { findPython } from '../runs/helpers';

const torch = findPython(['torch'], ['/usr/bin/python3', 'python3'], 'bench MLP rounds');
const numpy = findPython(['numpy'], ['/usr/bin/python3', 'python3'], 'bench python rounds');

describe('mlpRounds', () => {
  it.skipIf(!torch)('takes one PyTorch and one engine sample per round and judges by the median of the rounds\' ratios', async () => {
    const previous = getBackend().name;
    setBackend('ts');
    try {
      const r = await mlpRounds('ts', { python: torch!, rounds: 3, minSampleMs: 1, restMs: 1 });
      expect(r).toMatchObject({ backend: 'ts', rounds: 3 });
      expect(r.torchVersion).toMatch(/^\d+\.\d+/);
      expect(r.engine).toHaveLength(3);
      expect(r.torch).toHaveLength(3);
      for (const x of [...r.engine, ...r.torch]) expect(x > 0 && Number.isFinite(x)).toBe(true);
      const ratios = r.engine.map((e, i) => e / r.torch[i]!).sort((a, b) => a - b);
      expect(r.ratio).toBe(ratios[1]);
    } finally {
      setBackend(previous);
    }
  }, 120_000);

  it('rejects with the reason when python cannot start', async () => {
    await expect(mlpRounds('ts', { python: '/nonexistent/python3', rounds: 1, minSampleMs: 1 })).rejects.toThrow(/\/nonexistent\/python3 could not start/);
  });
});

describe('alternateWithPython', () => {
  it.skipIf(!numpy)('runs any reference that defines sample_call and version, and scales its samples by the work per call', async () => {
    const ref = { label: 'sleeper', prelude: 'def sample_call(): time.sleep(0.002)\nversion = "s" + sys.argv[2]', args: ['7'], workPerCall: 1000 };
    const r = await alternateWithPython(ref, { e: () => 5 }, { python: numpy!, rounds: 2, minSampleS: 0.01, restMs: 1 });
    expect(r.version).toBe('s7');
    // About 2 ms a call: well under 1000 / 0.002 = 500 000 units/s, and far above nothing.
    for (const x of r.referenceSamples) expect(x > 0 && x < 500_000).toBe(true);
    const [r0, r1] = r.referenceSamples as [number, number];
    expect(r.reference).toBeCloseTo((r0 + r1) / 2, 9);
    expect(r.engine.e.median).toBe(5);
    expect(r.engine.e.samples).toEqual([5, 5]);
    // The median of the rounds' ratios, not the ratio of the medians.
    expect(r.engine.e.ratio).toBeCloseTo((5 / r0 + 5 / r1) / 2, 9);
  }, 60_000);

  it.skipIf(!numpy)('names the reference when its figure is unreadable', async () => {
    const ref = { label: 'broken', prelude: 'def sample_call(): pass\nversion = "1"\nWORK_PER_CALL = float("nan")', args: [], workPerCall: 1 };
    await expect(alternateWithPython(ref, { e: () => 1 }, { python: numpy!, rounds: 1, minSampleS: 0.001, restMs: 1 }))
      .rejects.toThrow('broken sampler answered a non-positive or unreadable figure');
  }, 60_000);
});

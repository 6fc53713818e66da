// Dropout cannot be matched to PyTorch value for value (its mask comes from the engine's own RNG),
// so this checks PyTorch's documented semantics instead: inverted dropout (kept values scaled by
// 1/(1-p)), a drop rate near p, the gradient flowing through the same mask, identity in eval mode.
import { describe, expect, it } from 'vitest';
import { Generator, nn, ones } from '../../src/main/engine';

const N = 100_000;

function dropStats(p: number, seed: number) {
  const layer = new nn.Dropout(p, new Generator(seed));
  const x = ones([200, N / 200], { requiresGrad: true });
  const y = layer.forward(x);
  y.sum().backward();
  const kept = y.values.filter((v) => v !== 0);
  return { x, y, kept, dropRate: 1 - kept.length / N };
}

describe('Dropout statistics (PyTorch semantics, not PyTorch values)', () => {
  for (const p of [0.2, 0.5, 0.9]) {
    it(`p = ${p}: drops ≈ p of the values and scales the rest by 1/(1-p)`, () => {
      const { y, kept, dropRate, x } = dropStats(p, 42);
      expect(y.shape).toEqual(x.shape);
      // Binomial std of the drop rate is sqrt(p(1-p)/N) ≤ 0.0016; 0.01 is > 6 std away.
      expect(Math.abs(dropRate - p)).toBeLessThan(0.01);
      const scale = Math.fround(1 / (1 - p));
      expect(kept.filter((v) => Math.abs(v - scale) > 1e-6 * scale).length).toBe(0);
      // The gradient of sum(dropout(x)) is the same scaled mask.
      const g = x.grad!.values;
      let mismatches = 0;
      for (let i = 0; i < N; i++) if (g[i] !== y.values[i]) mismatches++;
      expect(mismatches).toBe(0);
    });
  }

  it('keeps the expected value: mean of dropout(ones) ≈ 1', () => {
    const { y } = dropStats(0.5, 7);
    expect(Math.abs(y.mean().item() - 1)).toBeLessThan(0.02);
  });

  it('is the same generator stream for the same seed', () => {
    expect(Array.from(dropStats(0.5, 3).y.values)).toEqual(Array.from(dropStats(0.5, 3).y.values));
  });

  it('p = 0 keeps everything and p = 1 zeroes everything (as PyTorch)', () => {
    expect(dropStats(0, 1).dropRate).toBe(0);
    const all = dropStats(1, 1);
    expect(all.dropRate).toBe(1);
    expect(all.y.values.every((v) => v === 0)).toBe(true);
  });

  it('is the identity in eval mode', () => {
    const layer = new nn.Dropout(0.5, new Generator(5));
    layer.eval();
    expect(layer.training).toBe(false);
    const x = ones([4, 6]);
    expect(Array.from(layer.forward(x).values)).toEqual(Array.from(x.values));
  });
});

// data: TensorDataset, DataLoader batching and shuffling, syntheticData; the Generator.
import { describe, expect, it } from 'vitest';
import { Generator, arange, data, manualSeed, defaultGenerator, randn, tensor } from '../../../src/main/engine';

describe('Generator', () => {
  it('same seed, same stream; different seeds differ', () => {
    const a = new Generator(42), b = new Generator(42), c = new Generator(43);
    const sa = Array.from({ length: 5 }, () => a.random());
    expect(Array.from({ length: 5 }, () => b.random())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.random())).not.toEqual(sa);
    a.manualSeed(42);
    expect(a.random()).toBe(sa[0]);
  });
  it('random() is in [0, 1) with the right mean; normal() has mean 0, variance 1', () => {
    const g = new Generator(1);
    let s = 0, s2 = 0, u = 0;
    const n = 100000;
    for (let i = 0; i < n; i++) {
      const r = g.random();
      expect(r >= 0 && r < 1).toBe(true);
      u += r;
      const z = g.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(u / n - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(s / n)).toBeLessThan(0.02);
    expect(Math.abs(s2 / n - 1)).toBeLessThan(0.02);
  });
  it('randint and permutation', () => {
    const g = new Generator(2);
    const counts = [0, 0, 0];
    for (let i = 0; i < 3000; i++) counts[g.randint(3)]++;
    expect(Math.min(...counts)).toBeGreaterThan(900);
    const p = g.permutation(10);
    expect(p).toBeInstanceOf(Int32Array);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => g.randint(0)).toThrow('randint: n must be a positive integer, got 0');
  });
  it('manualSeed reseeds the default generator used by randn', () => {
    manualSeed(7);
    const a = randn([3]).tolist();
    manualSeed(7);
    expect(randn([3]).tolist()).toEqual(a);
    expect(defaultGenerator.initialSeed()).toBe(7);
  });
});

describe('TensorDataset and DataLoader', () => {
  const X = arange(20).reshape(10, 2);
  const y = arange(10).reshape(10, 1);
  const ds = new data.TensorDataset(X, y);
  it('dataset indexing', () => {
    expect(ds.length).toBe(10);
    const [xi, yi] = ds.get(3);
    expect(xi.tolist()).toEqual([6, 7]);
    expect(yi.tolist()).toEqual([3]);
    expect(() => new data.TensorDataset(X, arange(3))).toThrow('Size mismatch between tensors');
  });
  it('batches in order without shuffle; last batch is short unless dropLast', () => {
    const loader = new data.DataLoader(ds, { batchSize: 4 });
    expect(loader.length).toBe(3);
    const batches = [...loader];
    expect(batches.map(([b]) => b.shape)).toEqual([[4, 2], [4, 2], [2, 2]]);
    expect(batches[0][1].tolist()).toEqual([[0], [1], [2], [3]]);
    expect(batches[2][0].tolist()).toEqual([[16, 17], [18, 19]]);
    const dropped = new data.DataLoader(ds, { batchSize: 4, dropLast: true });
    expect(dropped.length).toBe(2);
    expect([...dropped]).toHaveLength(2);
    expect(() => new data.DataLoader(ds, { batchSize: 0 })).toThrow('batch_size should be a positive integer value, but got batch_size=0');
  });
  it('shuffle: a new permutation per epoch, rows stay paired, deterministic per seed', () => {
    const epochs = (seed: number): number[][] => {
      const loader = new data.DataLoader(ds, { batchSize: 3, shuffle: true, rng: new Generator(seed) });
      return [0, 1].map(() => [...loader].flatMap(([xb, yb]) => {
        const ys = Array.from(yb.values);
        ys.forEach((v, i) => expect([xb.values[2 * i], xb.values[2 * i + 1]]).toEqual([2 * v, 2 * v + 1]));
        return ys;
      }));
    };
    const [e1, e2] = epochs(11);
    expect([...e1].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(e1).not.toEqual(e2);
    expect(epochs(11)).toEqual([e1, e2]);
  });
  it('works with any Dataset by stacking items', () => {
    const custom: data.Dataset = { length: 3, get: (i) => [tensor([i, i]), tensor(i * 10)] };
    const [[xb, yb]] = [...new data.DataLoader(custom, { batchSize: 3 })];
    expect(xb.tolist()).toEqual([[0, 0], [1, 1], [2, 2]]);
    expect(yb.tolist()).toEqual([0, 10, 20]);
  });
  it('gathers wide rows too', () => {
    const wide = new data.TensorDataset(arange(3 * 40).reshape(3, 40));
    const [[b]] = [...new data.DataLoader(wide, { batchSize: 3 })];
    expect(b.values).toEqual(arange(120).values);
  });
});

describe('syntheticData', () => {
  it('y = Xw + b + small noise, shaped like d2l', () => {
    const w = tensor([2, -3.4]);
    const [X, y] = data.syntheticData(w, 4.2, 500, new Generator(3));
    expect(X.shape).toEqual([500, 2]);
    expect(y.shape).toEqual([500, 1]);
    const resid = y.sub(X.matmul(w).reshape(-1, 1)).sub(4.2);
    expect(Math.abs(resid.mean().item())).toBeLessThan(0.003);
    expect(Math.sqrt(resid.pow(2).mean().item())).toBeCloseTo(0.01, 2);
    expect(data.syntheticData(w, 4.2, 5, new Generator(3))[0].tolist()).toEqual(data.syntheticData(w, 4.2, 5, new Generator(3))[0].tolist());
  });
});

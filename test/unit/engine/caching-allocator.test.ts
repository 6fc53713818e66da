// The caching allocator and the two places that hand arrays back to it (autograd's finished
// gradients, Sequential's inner activations): recycled storage must never be visible through
// anything a user still holds, and every result must equal what fresh arrays give.
import { afterEach, describe, expect, it } from 'vitest';
import { Generator, Tensor, nn, noGrad, optim, randn, tensor } from '../../../src/main/engine';
import {
  MAX_CACHED_FLOATS, MIN_CACHED_FLOATS, allocatorEnabledByEnv, allocatorStats, emptyCache, releaseStorage, resetAllocatorStats,
  setCachingAllocatorEnabled, sizeClass, takeStorage, takeZeroedStorage,
} from '../../../src/main/engine/backend/caching-allocator';

afterEach(() => {
  setCachingAllocatorEnabled(true);
  emptyCache();
  resetAllocatorStats();
});

const BIG = MIN_CACHED_FLOATS;
const pooledFloatCount = (): number => allocatorStats().cachedFloats;

describe('caching allocator', () => {
  it('hands a released array out again once, and counts hits and misses', () => {
    const a = new Float32Array(BIG);
    releaseStorage(a);
    releaseStorage(a); // a second release of the same array is ignored
    expect(pooledFloatCount()).toBe(BIG);
    expect(takeStorage(BIG + 1)).not.toBe(a); // a larger class: a miss
    expect(takeStorage(BIG)).toBe(a);
    expect(takeStorage(BIG)).not.toBe(a);
    expect(pooledFloatCount()).toBe(0);
    expect(allocatorStats()).toMatchObject({ enabled: true, hits: 1, misses: 2, released: 1, hitRate: 1 / 3 });
  });

  it('rounds requests up to quarter-octave size classes, so nearby sizes share blocks', () => {
    expect([BIG, BIG + 1, 1.25 * BIG, 1.25 * BIG + 1, 2 * BIG - 1].map(sizeClass)).toEqual([BIG, 1.25 * BIG, 1.25 * BIG, 1.5 * BIG, 2 * BIG]);
    const first = takeStorage(BIG + 100); // a block of its class, handed out as a view of BIG + 100
    expect(first.length).toBe(BIG + 100);
    first.fill(3);
    releaseStorage(first);
    expect(pooledFloatCount()).toBe(1.25 * BIG);
    const second = takeStorage(1.25 * BIG - 7); // same class, another size
    expect(second.buffer).toBe(first.buffer);
    expect(second.length).toBe(1.25 * BIG - 7);
  });

  it('serves a size again from an array of exactly that size made elsewhere', () => {
    const n = BIG + 123; // not a class size
    const a = new Float32Array(n);
    releaseStorage(a);
    expect(takeStorage(n)).toBe(a);
  });

  it('refuses views of foreign buffers and small arrays, and zeroes on request', () => {
    const buf = new Float32Array(2 * BIG);
    releaseStorage(buf.subarray(0, BIG));
    releaseStorage(buf.subarray(BIG));
    releaseStorage(new Float32Array(BIG - 1));
    expect(pooledFloatCount()).toBe(0);
    const a = new Float32Array(BIG).fill(7);
    releaseStorage(a);
    const z = takeZeroedStorage(BIG);
    expect(z).toBe(a);
    expect(z.every((v) => v === 0)).toBe(true);
  });

  it('holds at most MAX_CACHED_FLOATS; what does not fit is left to the GC', () => {
    const blocks = Math.floor(MAX_CACHED_FLOATS / (1 << 22));
    for (let i = 0; i < blocks + 2; i++) releaseStorage(new Float32Array(1 << 22));
    expect(pooledFloatCount()).toBe(blocks * (1 << 22));
    expect(allocatorStats()).toMatchObject({ released: blocks, dropped: 2 });
  });

  it('when switched off, hands out fresh arrays and keeps nothing', () => {
    setCachingAllocatorEnabled(false);
    const a = new Float32Array(BIG);
    releaseStorage(a);
    expect(takeStorage(BIG)).not.toBe(a);
    expect(allocatorStats()).toMatchObject({ enabled: false, hits: 0, misses: 0, cachedFloats: 0, hitRate: null });
  });

  it('reads WORKBENCH_CACHING_ALLOCATOR and names a bad value', () => {
    expect(allocatorEnabledByEnv({})).toBe(true);
    expect(allocatorEnabledByEnv({ WORKBENCH_CACHING_ALLOCATOR: 'off' })).toBe(false);
    expect(allocatorEnabledByEnv({ WORKBENCH_CACHING_ALLOCATOR: '0' })).toBe(false);
    expect(allocatorEnabledByEnv({ WORKBENCH_CACHING_ALLOCATOR: 'on' })).toBe(true);
    expect(() => allocatorEnabledByEnv({ WORKBENCH_CACHING_ALLOCATOR: 'maybe' })).toThrow(/WORKBENCH_CACHING_ALLOCATOR must be on or off; got "maybe"/);
  });

  it('a matmul result recycled by backward is not the result a user holds', () => {
    const a = randn([160, 128], new Generator(1)).requiresGrad_();
    const b = randn([128, 160], new Generator(2)).requiresGrad_();
    const kept = a.matmul(b);
    const copy = kept.values.slice();
    for (let i = 0; i < 3; i++) a.matmul(b).tanh().matmul(b.T).sum().backward();
    expect(allocatorStats().hits).toBeGreaterThan(0);
    expect(Array.from(kept.values)).toEqual(Array.from(copy));
  });
});

/** A small CNN of the engine's own layers (its inner activations are recycled). */
function cnn(seed: number): nn.Sequential {
  const rng = new Generator(seed);
  return new nn.Sequential(
    new nn.Conv2d(1, 4, 3, { padding: 1, rng }), new nn.Sigmoid(), new nn.AvgPool2d(2),
    new nn.Conv2d(4, 8, 3, { rng }), new nn.ReLU(), new nn.MaxPool2d(2), new nn.Flatten(),
    new nn.Linear(8 * 3 * 3, 10, { rng }),
  );
}

/** The same network run layer by layer: no fusion, no recycling (the reference). */
function byHand(net: nn.Sequential, x: Tensor): Tensor {
  let y = x;
  for (const m of net) y = m.forward(y);
  return y;
}

function gradsAfter(net: nn.Sequential, run: () => Tensor): Float32Array[] {
  net.zeroGrad();
  run().sum().backward();
  return net.parameters().map((p) => p.grad!.values.slice());
}

describe('Sequential recycles only what nobody else can read', () => {
  // Batches large enough that every inner activation is pooled.
  const batch = (seed: number): Tensor => randn([64, 1, 16, 16], new Generator(seed));

  it('gives the layer-by-layer results across training steps that reuse the storage', () => {
    const a = cnn(1), b = cnn(1);
    const optA = new optim.SGD(a.parameters(), { lr: 0.1 }), optB = new optim.SGD(b.parameters(), { lr: 0.1 });
    for (let step = 0; step < 4; step++) {
      const x = batch(10 + step);
      optA.zeroGrad();
      const la = a.forward(x).square().mean();
      la.backward();
      optA.step();
      optB.zeroGrad();
      const lb = byHand(b, x).square().mean();
      lb.backward();
      optB.step();
      expect(la.item()).toBeCloseTo(lb.item(), 6);
    }
    a.parameters().forEach((p, i) => expect(Array.from(p.values)).toEqual(Array.from(b.parameters()[i].values)));
    expect(pooledFloatCount()).toBeGreaterThan(0);
  });

  it('keeps two graphs built before either backward apart', () => {
    const net = cnn(2);
    const x1 = batch(20), x2 = batch(21);
    const want1 = gradsAfter(net, () => byHand(net, x1));
    const want2 = gradsAfter(net, () => byHand(net, x2));
    const y1 = net.forward(x1), y2 = net.forward(x2);
    net.zeroGrad();
    y1.sum().backward();
    const got1 = net.parameters().map((p) => p.grad!.values.slice());
    net.zeroGrad();
    y2.sum().backward();
    const got2 = net.parameters().map((p) => p.grad!.values.slice());
    got1.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(want1[i][j], 5)));
    got2.forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(want2[i][j], 5)));
  });

  it('keeps the graph with retainGraph, so a second backward doubles the gradients', () => {
    const net = cnn(3);
    const x = batch(30);
    const once = gradsAfter(net, () => byHand(net, x));
    net.zeroGrad();
    const y = net.forward(x).sum();
    y.backward({ retainGraph: true });
    y.backward();
    net.parameters().forEach((p, i) => p.grad!.values.forEach((v, j) => expect(v).toBeCloseTo(2 * once[i][j], 4)));
    expect(() => y.backward()).toThrow(/Trying to backward through the graph a second time/);
  });

  it('never recycles the input or the result, and empties inner activations once backward is done', () => {
    const net = cnn(4);
    const x = batch(40);
    const xCopy = x.values.slice();
    const y = net.forward(x);
    const yCopy = y.values.slice();
    const inner = y.gradFn!.inputs[0]; // Flatten's output, a view of the max-pool result
    expect(inner.numel()).toBe(64 * 72);
    y.sum().backward();
    expect(inner.numel()).toBe(0);
    net.forward(batch(41)).sum().backward();
    expect(Array.from(x.values)).toEqual(Array.from(xCopy));
    expect(Array.from(y.values)).toEqual(Array.from(yCopy));
  });

  it('under noGrad, results of successive calls stay intact (evaluation loops keep their outputs)', () => {
    const net = cnn(5).eval();
    const outs = noGrad(() => [batch(50), batch(51), batch(52)].map((x) => net.forward(x)));
    const again = noGrad(() => [batch(50), batch(51), batch(52)].map((x) => byHand(net, x)));
    outs.forEach((o, i) => expect(Array.from(o.values)).toEqual(Array.from(again[i].values)));
  });

  it('a Sequential ending in Flatten returns a view of the last activation, which stays intact', () => {
    const net = new nn.Sequential(new nn.Conv2d(1, 2, 3, { rng: new Generator(6) }), new nn.Sigmoid(), new nn.Flatten());
    const x = batch(60);
    const y = net.forward(x);
    const copy = y.values.slice();
    y.sum().backward();
    noGrad(() => net.forward(batch(61)));
    net.forward(batch(62)).sum().backward();
    expect(Array.from(y.values)).toEqual(Array.from(copy));
  });

  it('leaves a chain with a module of its own alone: what it keeps stays intact', () => {
    class Keep extends nn.Module {
      kept: Tensor[] = [];
      forward(x: Tensor): Tensor { this.kept.push(x); return x.mul(1); }
    }
    const keep = new Keep();
    const net = new nn.Sequential(new nn.Conv2d(1, 2, 3, { rng: new Generator(7) }), new nn.Sigmoid(), keep, new nn.AvgPool2d(2));
    const y = net.forward(batch(70));
    const seen = keep.kept[0];
    const copy = seen.values.slice();
    y.sum().backward();
    net.forward(batch(71)).sum().backward();
    expect(seen.numel()).toBe(copy.length);
    expect(Array.from(seen.values)).toEqual(Array.from(copy));
  });

  it('intermediate gradients recycled by autograd do not leak into .grad of leaves', () => {
    const w = tensor(Float32Array.from({ length: BIG }, (_, i) => i % 7), { requiresGrad: true });
    for (let step = 0; step < 3; step++) {
      w.grad = null;
      // sigmoid's output gradient is intermediate (pooled after use); w.grad must keep its own storage.
      w.sigmoid().mul(2).sum().backward();
      const g = w.grad!.values.slice();
      w.exp().sum().backward(); // accumulates into w.grad, reusing pooled arrays on the way
      const s = w.values.map((v) => 1 / (1 + Math.exp(-v)));
      w.grad!.values.forEach((v, i) => expect(v).toBeCloseTo(2 * s[i] * (1 - s[i]) + Math.exp(w.values[i]), 3));
      expect(g[1]).toBeCloseTo(2 * s[1] * (1 - s[1]), 6);
    }
  });

  it('a gradient passed through (add, view) to a leaf stays that leaf\'s, never goes back to the pool', () => {
    const x = tensor(Float32Array.from({ length: BIG }, (_, i) => (i % 5) - 2), { requiresGrad: true });
    x.add(0).view(-1).sigmoid().sum().backward();
    const kept = x.grad!.values.slice();
    // Another pass over arrays of the same size, which would reuse a wrongly released one.
    for (let k = 0; k < 3; k++) {
      const z = tensor(Float32Array.from({ length: BIG }, () => k), { requiresGrad: true });
      z.tanh().exp().sum().backward();
    }
    expect(Array.from(x.grad!.values)).toEqual(Array.from(kept));
  });
});


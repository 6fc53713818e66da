// Trainings run in worker_threads, each loading the addon into the same process, so the addon's
// OpenBLAS thread handling must hold up when two threads call sgemm at once: small products run on
// one OpenBLAS thread, large ones on the count the app asked for, and neither the reported count
// nor the count large products get may be disturbed by the other thread's switching.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { loadNative, type NativeBackend } from '../../../src/main/engine/backend/native';

function tryLoad(): NativeBackend | undefined {
  try {
    return loadNative();
  } catch (err) {
    console.warn(`SKIPPING concurrent native sgemm tests: ${(err as Error).message}`);
    return undefined;
  }
}
const native = tryLoad();

interface HammerResult {
  products: number;
  wrongResults: string[];
  /** Thread counts read back while the other worker was busy that differed from the requested one. */
  wrongCounts: number[];
}

// Plain JS run by each worker: no TypeScript loader inside a Worker. Sizes: 8³ is below OpenBLAS's
// own single-thread limit, 64³ between it and the addon's (so the addon switches to 1 thread), 300³
// above both (runs on the requested count). Operands of ones and twos keep every sum an exact integer.
const HAMMER = `
const { parentPort, workerData } = require('node:worker_threads');
const addon = require(workerData.path);
const { rounds, requested, sizes, setSame } = workerData;
const mats = sizes.map((s) => ({ s, a: new Float32Array(s * s).fill(1), b: new Float32Array(s * s).fill(2), c: new Float32Array(s * s) }));
const result = { products: 0, wrongResults: [], wrongCounts: [] };
for (let r = 0; r < rounds; r++) {
  for (const { s, a, b, c } of mats) {
    c.fill(-1);
    addon.sgemm(false, false, s, s, s, 1, a, s, b, s, 0, c, s);
    result.products++;
    if (!c.every((v) => v === 2 * s) && result.wrongResults.length < 5) result.wrongResults.push(s + '^3 in round ' + r);
    const t = addon.openblas_get_num_threads();
    if (t !== requested && result.wrongCounts.length < 5) result.wrongCounts.push(t);
    // Re-asking for the count already set must be harmless while the other thread is mid-product.
    if (setSame && r % 7 === 0) addon.openblas_set_num_threads(requested);
  }
}
parentPort.postMessage(result);
`;

function hammer(path: string, workerData: Record<string, unknown>): Promise<HammerResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(HAMMER, { eval: true, workerData: { path, ...workerData } });
    w.once('message', (m: HammerResult) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => { if (code !== 0) reject(new Error(`hammer worker exited with code ${code}`)); });
  });
}

describe.skipIf(!native)('native sgemm from two worker threads at once', () => {
  const b = native!;

  it('keeps the requested thread count and exact results while small and large products interleave', async () => {
    const before = b.threads;
    try {
      const requested = b.setThreads(2);
      expect(requested).toBe(2);
      const [small, mixed] = await Promise.all([
        hammer(b.path, { rounds: 400, requested, sizes: [8, 64, 64, 64], setSame: false }),
        hammer(b.path, { rounds: 40, requested, sizes: [64, 300, 8], setSame: true }),
      ]);
      expect(small.products).toBe(1600);
      expect(mixed.products).toBe(120);
      expect(small.wrongResults).toEqual([]);
      expect(mixed.wrongResults).toEqual([]);
      expect(small.wrongCounts).toEqual([]);
      expect(mixed.wrongCounts).toEqual([]);
      expect(b.threads).toBe(requested);
      // And on this thread afterwards, a large product is still exact and leaves the count alone.
      const s = 300, c = new Float32Array(s * s);
      b.sgemm(false, false, s, s, s, 1, new Float32Array(s * s).fill(1), s, new Float32Array(s * s).fill(3), s, 0, c, s);
      expect(c.every((v) => v === 3 * s)).toBe(true);
      expect(b.threads).toBe(requested);
    } finally {
      b.setThreads(before);
    }
  }, 120_000);

  it('applies a count set from one thread while another thread runs small products', async () => {
    const before = b.threads;
    try {
      b.setThreads(2);
      // The worker's small products switch to 1 thread and back; a request for 1 made meanwhile
      // must survive them (not be overwritten by a restore of the count read before it).
      const busy = hammer(b.path, { rounds: 600, requested: 2, sizes: [64], setSame: false });
      for (let i = 0; i < 200; i++) {
        expect(b.setThreads(1)).toBe(1);
        expect(b.threads).toBe(1);
        expect(b.setThreads(2)).toBe(2);
      }
      expect(b.setThreads(1)).toBe(1);
      const r = await busy;
      expect(r.wrongResults).toEqual([]);
      expect(b.threads).toBe(1);
    } finally {
      b.setThreads(before);
    }
  }, 120_000);
});

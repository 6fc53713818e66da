// tfjs-backend-wasm's side of the bench's alternating rounds (issue 16's wasm / tfjs-backend-wasm
// target). tfjs is a devDependency: the test says so and skips only where it is not installed.
import { describe, expect, it } from 'vitest';
import { tfjsWasmMatMulGflops } from '../../../src/main/bench/tfjs';

const probe = await tfjsWasmMatMulGflops([8], () => ({ samples: 1, minSampleMs: 1 })).then(() => '', (err: Error) => err.message);
const missing = /not installed/.test(probe);
if (missing) console.warn(`tfjs-paired: skipped, ${probe}`);

describe('tfjsWasmMatMulGflops', () => {
  it.skipIf(missing)('pairs our sampler with its matMul at the size asked, one sample of each per round', async () => {
    const tw = await tfjsWasmMatMulGflops([8], () => ({ samples: 1, minSampleMs: 1 }));
    expect(tw.threads).toBe(1);
    expect(tw.gflops['8']).toBeGreaterThan(0);
    let calls = 0;
    const paired = tw.pair({ n: 16, rounds: 3, minSampleMs: 1, ours: () => 2 + calls++ });
    expect(paired).toMatchObject({ n: 16, rounds: 3, ours: [2, 3, 4] });
    expect(paired.theirs).toHaveLength(3);
    expect(paired.theirs.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
    expect(paired.ratio).toBeGreaterThan(0);
  });

  it.skipIf(missing)('lets our sampler\'s failure through as ours, with the table already measured', async () => {
    const tw = await tfjsWasmMatMulGflops([8], () => ({ samples: 1, minSampleMs: 1 }));
    expect(tw.gflops['8']).toBeGreaterThan(0);
    expect(() => tw.pair({ n: 8, rounds: 1, minSampleMs: 1, ours: () => { throw new Error('our kernel failed'); } })).toThrow('our kernel failed');
  });
});

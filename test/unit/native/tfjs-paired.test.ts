// tfjs-backend-wasm's side of the bench's alternating rounds (issue 16's wasm / tfjs-backend-wasm
// target). tfjs is a devDependency: the test says so and skips where it is not installed.
import { describe, expect, it } from 'vitest';
import { tfjsWasmMatMulGflops } from '../../../src/main/bench/tfjs';

const missing = await tfjsWasmMatMulGflops([8], () => ({ samples: 1, minSampleMs: 1 })).then(() => '', (err: Error) => err.message);
if (missing) console.warn(`tfjs-paired: skipped, ${missing}`);

describe('tfjsWasmMatMulGflops with rounds', () => {
  it.skipIf(Boolean(missing))('alternates our sampler with its matMul at the size asked, ours first in each round', async () => {
    const order: string[] = [];
    let ours = 0;
    const tw = await tfjsWasmMatMulGflops([8], () => ({ samples: 1, minSampleMs: 1 }), {
      n: 16, rounds: 3, minSampleMs: 1, ours: () => (order.push('ours'), 2 + ours++),
    });
    expect(tw.threads).toBe(1);
    expect(tw.paired).toMatchObject({ n: 16, rounds: 3, ours: [2, 3, 4] });
    expect(tw.paired!.theirs).toHaveLength(3);
    expect(tw.paired!.theirs.every((x) => x > 0 && Number.isFinite(x))).toBe(true);
    expect(tw.paired!.ratio).toBeGreaterThan(0);
    expect(order).toEqual(['ours', 'ours', 'ours']);
  });

  it.skipIf(Boolean(missing))('takes no rounds unless asked', async () => {
    const tw = await tfjsWasmMatMulGflops([8], () => ({ samples: 1, minSampleMs: 1 }));
    expect(tw.paired).toBeUndefined();
    expect(tw.gflops['8']).toBeGreaterThan(0);
  });
});

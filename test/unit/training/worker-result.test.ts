// The worker's last message is the run's summary without its step losses: the main thread already
// has every one of them from the progress messages, and posting them again (millions of numbers,
// structured-cloned) is what made a Stop take seconds to land.
import { Worker } from 'node:worker_threads';
import { beforeAll, describe, expect, it } from 'vitest';
import { STOP_INDEX, type WorkerInput, type WorkerMessage } from '../../../src/main/services/training/protocol';
import { ensureWorkerBuilt } from './build-worker';

let workerPath = '';
beforeAll(async () => {
  workerPath = await ensureWorkerBuilt();
}, 240_000);

function runWorker(input: Omit<WorkerInput, 'stop' | 'postIntervalMs'>, stopAfterSteps?: number): Promise<WorkerMessage[]> {
  const stop = new SharedArrayBuffer(4);
  const flag = new Int32Array(stop);
  const messages: WorkerMessage[] = [];
  const worker = new Worker(workerPath, { workerData: { ...input, stop, postIntervalMs: 5 } satisfies WorkerInput });
  return new Promise((resolve, reject) => {
    worker.on('message', (m: WorkerMessage) => {
      messages.push(m);
      if (stopAfterSteps !== undefined && m.type === 'progress' && m.step >= stopAfterSteps) Atomics.store(flag, STOP_INDEX, 1);
    });
    worker.on('error', reject);
    worker.on('exit', () => resolve(messages));
  });
}

describe('the training worker\'s result', () => {
  it('carries no step losses, only how many there were; the progress messages carried each one', async () => {
    const messages = await runWorker({ config: { experiment: 'linreg-concise', hyperparameters: { epochs: 2 }, seed: 3 } });
    const result = messages.at(-1)!;
    expect(result.type).toBe('result');
    if (result.type !== 'result') return;
    expect(result.summary).not.toHaveProperty('stepLosses');
    expect(result.stepCount).toBe(200);
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.reduce((n, m) => n + m.stepLosses.length, 0)).toBe(200);
    expect(result.summary.status).toBe('completed');
    expect(result.summary.epochs).toHaveLength(2);
    // Parameters travel as float32 arrays (their buffers transferred), not as arrays of numbers.
    expect(result.summary.params['0.weight']!.data).toBeInstanceOf(Float32Array);
    expect(result.summary.params['0.weight']!.shape).toEqual([1, 2]);
  });

  it('after a cancel too: the steps made before it are all in progress messages', async () => {
    const messages = await runWorker({ config: { experiment: 'linreg-concise', hyperparameters: { samples: 100000, batchSize: 1, epochs: 100 }, seed: 3 } }, 1);
    const result = messages.at(-1)!;
    if (result.type !== 'result') throw new Error(`last message is ${result.type}`);
    expect(result.summary.status).toBe('cancelled');
    expect(result.summary).not.toHaveProperty('stepLosses');
    const progress = messages.filter((m) => m.type === 'progress');
    expect(progress.reduce((n, m) => n + m.stepLosses.length, 0)).toBe(result.stepCount);
    expect(result.stepCount).toBeGreaterThan(0);
  });
});

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/dispatch';
import { EventHub } from '../../../src/main/events';
import { createHandlers } from '../../../src/main/handlers';
import { TrainingService } from '../../../src/main/services/training';
import type { TrainingFinished } from '../../../src/shared/training';
import { ensureWorkerBuilt } from './build-worker';

let workerPath = '';
beforeAll(async () => {
  workerPath = await ensureWorkerBuilt();
}, 240_000);

let training: TrainingService | undefined;
afterEach(async () => {
  await training?.dispose();
  training = undefined;
});

function handlersWithTraining(): { handlers: ReturnType<typeof createHandlers>; hub: EventHub } {
  const hub = new EventHub();
  training = new TrainingService({ events: hub, workerPath });
  return { handlers: createHandlers({ dataDir: '/tmp/wb', mode: 'web', systemLang: 'en', training }), hub };
}

describe('training over the contract', () => {
  it('refuses malformed payloads and out-of-range values with invalid-payload', async () => {
    const { handlers } = handlersWithTraining();
    const shape = await dispatch(handlers, 'training.start', { experiment: 'polyfit' });
    expect(shape).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const extra = await dispatch(handlers, 'training.start', { experiment: 'polyfit', hyperparameters: {}, gpu: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    const range = await dispatch(handlers, 'training.start', { experiment: 'polyfit', hyperparameters: { features: 21 } });
    expect(range).toEqual({ ok: false, error: { code: 'invalid-payload', message: 'features must be ≥ 1 and ≤ 20, got 21' } });
    // Issue 12, item 9: refused by name (it used to be dropped silently, training with the default).
    const proto = await dispatch(handlers, 'training.start', JSON.parse('{"experiment":"polyfit","hyperparameters":{"__proto__":1}}'));
    expect(proto).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringContaining('hyperparameter name "__proto__" is not allowed') } });
    expect((await dispatch(handlers, 'training.list', null)).ok).toBe(true);
  });

  it('starts, lists and cancels a run, with events on the hub', async () => {
    const { handlers, hub } = handlersWithTraining();
    const finished: TrainingFinished[] = [];
    hub.subscribe((name, payload) => {
      if (name === 'training.finished') finished.push(payload as TrainingFinished);
    });
    const started = await dispatch(handlers, 'training.start', {
      experiment: 'linreg-concise', hyperparameters: { samples: 100000, batchSize: 1, epochs: 1000 }, seed: 3,
    });
    expect(started).toEqual({ ok: true, result: { runId: expect.any(String) } });
    const runId = (started as { result: { runId: string } }).result.runId;
    const list = await dispatch(handlers, 'training.list', null);
    expect(list).toEqual({ ok: true, result: [expect.objectContaining({ runId, experiment: 'linreg-concise', config: expect.objectContaining({ seed: 3 }) })] });
    expect(await dispatch(handlers, 'training.cancel', { runId })).toEqual({ ok: true, result: { ok: true } });
    await training!.whenFinished(runId);
    expect(finished.map((f) => [f.runId, f.status])).toEqual([[runId, 'cancelled']]);
    expect(await dispatch(handlers, 'training.cancel', { runId })).toEqual({ ok: true, result: { ok: false } });
  });

  it('replays step mode in a worker: other requests and timers run while a step is made', async () => {
    const { handlers } = handlersWithTraining();
    const request = { experiment: 'linreg-concise', hyperparameters: { epochs: 3 }, seed: 42 };
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const order: string[] = [];
    const step = dispatch(handlers, 'training.step', { request, step: 250 }).then((r) => {
      order.push('step');
      return r;
    });
    const list = dispatch(handlers, 'experiments.list', null).then(() => order.push('list'));
    const [reply] = await Promise.all([step, list]);
    clearInterval(timer);
    // Replayed on this thread, the step blocked the event loop: it answered first and no timer fired.
    expect(order).toEqual(['list', 'step']);
    expect(ticks).toBeGreaterThan(0);
    expect(reply).toMatchObject({ ok: true, result: { step: 250, epoch: 3 } });
  });

  it('refuses a bad step request with the catalog\'s message, and a step past the run\'s end with its count', async () => {
    const { handlers } = handlersWithTraining();
    const bad = await dispatch(handlers, 'training.step', { request: { experiment: 'linreg-concise', hyperparameters: { lr: -1 } }, step: 1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-payload', message: expect.stringContaining('lr') } });
    const past = await dispatch(handlers, 'training.step', { request: { experiment: 'linreg-concise', hyperparameters: { epochs: 1 } }, step: 101 });
    expect(past).toMatchObject({ ok: false, error: { code: 'internal', message: 'linreg-concise has 100 steps with these hyperparameters; step 101 does not exist' } });
  });

  it('says so when the process has no training service', async () => {
    const handlers = createHandlers({ dataDir: '/tmp/wb', mode: 'web', systemLang: 'en' });
    expect(await dispatch(handlers, 'training.list', null)).toEqual({
      ok: false, error: { code: 'internal', message: 'training is not available in this process' },
    });
  });
});

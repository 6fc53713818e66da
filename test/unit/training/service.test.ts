import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventName, Events } from '../../../src/shared/api';
import { WorkbenchError } from '../../../src/shared/api';
import { eventSchemas } from '../../../src/shared/schema';
import type { TrainingProgress, TrainingRequest } from '../../../src/shared/training';
import { TrainingService, runExperiment, type TrainingServiceOptions } from '../../../src/main/services/training';
import { ensureWorkerBuilt } from './build-worker';
import { MAX_EVENT_STEP_POINTS } from '../../../src/main/services/training/progress-forwarder';

let workerPath = '';
beforeAll(async () => {
  workerPath = await ensureWorkerBuilt();
}, 240_000);

interface Recorded {
  name: EventName;
  payload: Events[EventName];
  at: number;
}

const services: TrainingService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.dispose()));
});

function setup(opts: Partial<TrainingServiceOptions> = {}): { service: TrainingService; events: Recorded[]; progress: (runId: string) => TrainingProgress[] } {
  const events: Recorded[] = [];
  const service = new TrainingService({
    events: { emit: (name, payload) => events.push({ name, payload, at: performance.now() }) },
    workerPath,
    ...opts,
  });
  services.push(service);
  const progress = (runId: string): TrainingProgress[] =>
    events.filter((e) => e.name === 'training.progress' && (e.payload as TrainingProgress).runId === runId).map((e) => e.payload as TrainingProgress);
  return { service, events, progress };
}

/** A run far too long to finish during a test: 100 000 one-example steps per epoch. */
const ENDLESS: TrainingRequest = { experiment: 'linreg-concise', hyperparameters: { samples: 100000, batchSize: 1, epochs: 1000 } };

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

function scriptWorker(source: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'd2l-worker-')), 'worker.mjs');
  writeFileSync(path, source);
  return path;
}

describe('TrainingService', () => {
  it('watch it learn: a watched run moves step by step over its time and ends with the same results', async () => {
    const { service, progress } = setup({ watchMs: 1500, progressIntervalMs: 20 });
    const request = { experiment: 'linreg-concise', hyperparameters: {}, seed: 9 };
    const runId = service.start({ ...request, watch: true });
    const finished = await service.whenFinished(runId);
    expect(finished.status).toBe('completed');
    const local = runExperiment(request);
    expect(finished.summary.stepLosses).toEqual(local.stepLosses);
    expect(finished.summary.params).toEqual(local.params);
    // Unpaced, 3.3's 300 steps arrive in one or two events; spread over 1.5 s they arrive in many.
    const stepsSeen = progress(runId).map((e) => e.step).filter((n) => n > 0 && n < 300);
    expect(new Set(stepsSeen).size).toBeGreaterThanOrEqual(10);
  });

  it('stops a watched run at once: Stop wakes the step that waits for its turn', async () => {
    // A grace period far longer than a loaded machine takes to start the worker: only a Stop that
    // is not heard at all would end in "worker stopped".
    const { service } = setup({ watchMs: 3_600_000, cancelGraceMs: 30_000 });
    const runId = service.start({ experiment: 'linreg-concise', hyperparameters: {}, seed: 9, watch: true });
    await until(() => service.list().some((r) => r.runId === runId && r.status === 'running'));
    expect(service.cancel(runId)).toBe(true);
    const finished = await service.whenFinished(runId);
    // Cancelled by the flag it slept on, not terminated after the grace period (that says "worker stopped").
    expect(finished.status).toBe('cancelled');
    expect(finished.summary.message ?? '').not.toContain('worker stopped');
  });

  it('trains in a worker and forwards every step loss and epoch, ending with training.finished', async () => {
    const { service, events, progress } = setup();
    const request = { experiment: 'linreg-concise', hyperparameters: {}, seed: 9 };
    const runId = service.start(request);
    const finished = await service.whenFinished(runId);
    expect(finished.status).toBe('completed');
    const s = finished.summary;
    expect(s.stepLosses).toHaveLength(300);
    expect(s.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    // The worker's run is the in-process run, bit for bit.
    const local = runExperiment(request);
    expect(s.stepLosses).toEqual(local.stepLosses);
    expect(s.params).toEqual(local.params);
    // Nothing dropped on the way: the events add up to the summary.
    const p = progress(runId);
    expect(p[0]!.status).toBe('queued');
    expect(p.flatMap((e) => e.stepLosses)).toEqual(s.stepLosses);
    expect(p.flatMap((e) => e.epochMetrics)).toEqual(s.epochs);
    expect(p.filter((e) => e.dataset)).toHaveLength(1);
    expect(p.some((e) => e.snapshot?.['0.weight'])).toBe(true);
    expect(p[p.length - 1]!.step).toBe(300);
    // training.finished comes once, last, and every event passes the contract's schemas.
    const last = events[events.length - 1]!;
    expect(last.name).toBe('training.finished');
    expect(events.filter((e) => e.name === 'training.finished')).toHaveLength(1);
    for (const e of events) expect(v.safeParse(eventSchemas[e.name], e.payload).issues).toBeUndefined();
    expect(service.list()).toEqual([]);
  });

  it('refuses a bad config before any worker starts, with the catalog message', () => {
    const { service, events } = setup();
    const attempt = (r: TrainingRequest): unknown => {
      try {
        service.start(r);
      } catch (err) {
        return err;
      }
      return undefined;
    };
    const err = attempt({ experiment: 'linreg-concise', hyperparameters: { lr: 0 } });
    expect(err).toBeInstanceOf(WorkbenchError);
    expect((err as WorkbenchError).toData()).toEqual({ code: 'invalid-payload', message: 'lr must be > 0 and ≤ 1000, got 0' });
    expect((attempt({ experiment: 'linreg-concise', hyperparameters: { batchSize: 11, samples: 10 } }) as Error).message).toBe(
      'batch-size must be ≤ samples (10), got 11',
    );
    expect((attempt({ experiment: 'nope', hyperparameters: {} }) as Error).message).toMatch(/^unknown experiment "nope"; known: linreg-scratch/);
    expect((attempt({ experiment: 'polyfit', hyperparameters: { samples: 5 } }) as Error).message).toBe(
      'polyfit has no hyperparameter "samples"; it takes epochs, lr, batchSize, features',
    );
    expect((attempt({ experiment: 'polyfit', hyperparameters: {}, seed: 1.5 }) as Error).message).toBe(
      'seed must be a whole number ≥ 0 and ≤ 2147483647, got 1.5',
    );
    expect(events).toEqual([]);
  });

  it('cancels a busy run within a step, keeping what it computed', async () => {
    // A long grace period: if the shared stop flag did not work, the message would say the worker was stopped.
    const { service, progress } = setup({ cancelGraceMs: 60_000 });
    const runId = service.start(ENDLESS);
    await until(() => progress(runId).some((e) => e.step > 0));
    expect(service.list()).toEqual([expect.objectContaining({ runId, status: 'running', totalSteps: 100000 * 1000 })]);
    // A page that follows the run late gets the whole curve so far, not only what comes next.
    const [info] = service.list();
    expect(info!.history.stepCount).toBe(info!.step);
    expect(info!.history.stepLosses.length * info!.history.stepEvery).toBeGreaterThanOrEqual(info!.step);
    expect(info!.history.stepLosses.length).toBeLessThanOrEqual(2000);
    expect(info!.history.dataset?.scatter?.x.length).toBeGreaterThan(0);
    expect(service.cancel(runId)).toBe(true);
    const finished = await service.whenFinished(runId);
    expect(finished.status).toBe('cancelled');
    expect(finished.message).toMatch(/^cancelled at epoch 1, step \d+$/);
    const s = finished.summary;
    expect(s.stepLosses.length).toBeGreaterThan(0);
    expect(s.stepLosses.length).toBeLessThan(100000);
    expect(Object.keys(s.params)).toEqual(['0.weight', '0.bias']);
    expect(progress(runId).flatMap((e) => e.stepLosses)).toEqual(s.stepLosses);
    expect(service.cancel(runId)).toBe(false);
  });

  it('stops a run whose loss is not finite: diverged, with the step and a smaller lr', async () => {
    const { service } = setup();
    const runId = service.start({ experiment: 'linreg-concise', hyperparameters: { lr: 100 } });
    const finished = await service.whenFinished(runId);
    expect(finished.status).toBe('diverged');
    expect(finished.message).toMatch(/^loss became (NaN|Infinity) at epoch 1, step \d+ \(lr 100\); try a smaller learning rate such as 0\.03$/);
    expect(finished.summary.stepLosses.every(Number.isFinite)).toBe(true);
    expect(finished.summary.epochs).toEqual([]);
  });

  it('forwards at most ~30 progress events a second however fast the steps come', async () => {
    const { service, progress } = setup();
    const started = performance.now();
    const runId = service.start({ experiment: 'linreg-concise', hyperparameters: { samples: 20000, batchSize: 1, epochs: 3 } });
    const finished = await service.whenFinished(runId);
    const seconds = (performance.now() - started) / 1000;
    const p = progress(runId);
    // ≤ 30/s over the run's life, plus the final flush and the first (queued) event.
    expect(p.length).toBeLessThanOrEqual(Math.floor(30 * seconds) + 2);
    expect(p.length).toBeLessThan(60000 / 100);
    // Every step is accounted for; a flood between two events arrives averaged in groups.
    expect(p.reduce((n, e) => n + (e.stepCount ?? e.stepLosses.length), 0)).toBe(60000);
    for (const e of p) expect(e.stepLosses.length).toBeLessThanOrEqual(MAX_EVENT_STEP_POINTS);
    for (const e of p) if (e.stepEvery) expect(e.stepLosses).toHaveLength(Math.ceil(e.stepCount! / e.stepEvery));
    expect(p.flatMap((e) => e.epochMetrics).map((m) => m.epoch)).toEqual([1, 2, 3]);
    expect(finished.summary.stepLosses).toHaveLength(60000);
    // The spacing between events is checked with fake timers in progress-forwarder.test.ts; real
    // timers on a loaded machine make wall-clock spacing a flaky thing to assert here.
  });

  it('runs two at once, and queues beyond the limit', async () => {
    const both = setup({ maxConcurrent: 2 });
    const a = both.service.start({ experiment: 'polyfit', hyperparameters: { epochs: 50 }, seed: 1 });
    const b = both.service.start({ experiment: 'weight-decay', hyperparameters: { epochs: 20 }, seed: 2 });
    expect(both.service.list().map((r) => r.status)).toEqual(['running', 'running']);
    const [fa, fb] = await Promise.all([both.service.whenFinished(a), both.service.whenFinished(b)]);
    expect([fa.status, fb.status]).toEqual(['completed', 'completed']);
    expect(fa.summary.epochs).toHaveLength(50);
    expect(fb.summary.epochs).toHaveLength(20);

    const one = setup({ maxConcurrent: 1 });
    const first = one.service.start(ENDLESS);
    const second = one.service.start({ experiment: 'linreg-scratch', hyperparameters: { epochs: 1 } });
    expect(one.service.list().map((r) => [r.runId, r.status])).toEqual([[first, 'running'], [second, 'queued']]);
    expect(one.progress(second)[0]!.status).toBe('queued');
    one.service.cancel(first);
    const f2 = await one.service.whenFinished(second);
    expect(f2.status).toBe('completed');
    expect(one.progress(second).some((e) => e.status === 'running')).toBe(true);
  });

  it('cancels a queued run without starting it', () => {
    const { service, events } = setup({ maxConcurrent: 1 });
    const first = service.start(ENDLESS);
    const queued = service.start({ experiment: 'polyfit', hyperparameters: {} });
    expect(service.cancel(queued)).toBe(true);
    const finished = events.filter((e) => e.name === 'training.finished').map((e) => e.payload);
    expect(finished).toEqual([
      expect.objectContaining({ runId: queued, status: 'cancelled', message: 'cancelled before it started' }),
    ]);
    expect(finished[0]).toMatchObject({ summary: { backend: { name: 'none' }, stepLosses: [], epochs: [] } });
    expect(service.list().map((r) => r.runId)).toEqual([first]);
  });

  it('ends a run as failed when its worker dies without a result', async () => {
    const exiting = setup({ workerPath: scriptWorker('process.exit(3);\n') });
    const r1 = exiting.service.start({ experiment: 'polyfit', hyperparameters: {} });
    const f1 = await exiting.service.whenFinished(r1);
    expect(f1.status).toBe('failed');
    expect(f1.message).toBe('training worker exited with code 3 before reporting a result');

    const throwing = setup({ workerPath: scriptWorker('throw new Error("out of memory, say");\n') });
    const r2 = throwing.service.start({ experiment: 'polyfit', hyperparameters: {} });
    const f2 = await throwing.service.whenFinished(r2);
    expect(f2.status).toBe('failed');
    expect(f2.message).toBe('training worker crashed: out of memory, say');
    expect(f2.summary).toMatchObject({ status: 'failed', stepLosses: [], epochs: [], params: {} });
  });

  it('terminates a worker that never looks at the stop flag, after the grace period', async () => {
    const { service } = setup({ workerPath: scriptWorker('for (;;) {}\n'), cancelGraceMs: 50 });
    const runId = service.start({ experiment: 'polyfit', hyperparameters: {} });
    await until(() => service.list()[0]?.status === 'running');
    service.cancel(runId);
    const f = await service.whenFinished(runId);
    expect(f.status).toBe('cancelled');
    expect(f.message).toMatch(/worker stopped after 50 ms/);
  });
});

describe('TrainingService saving', () => {
  it('announces the end first, then saves every finished run with the dataset the panels drew, then says so', async () => {
    const saved: Array<{ runId: string; status: string; hasDataset: boolean; steps: number; finishedBefore: boolean }> = [];
    const { service, events } = setup({
      record: async (ended, dataset) => {
        saved.push({
          runId: ended.runId, status: ended.status, hasDataset: Boolean(dataset?.scatter), steps: ended.summary.stepLosses.length,
          finishedBefore: events.some((e) => e.name === 'training.finished'),
        });
        return ended.runId;
      },
    });
    const runId = service.start({ experiment: 'linreg-concise', hyperparameters: { epochs: 1 } });
    expect(await service.whenSaved(runId)).toEqual({ runId, savedRunId: runId });
    // The disk never delays the news that the run ended: the save starts after training.finished.
    expect(saved).toEqual([{ runId, status: 'completed', hasDataset: true, steps: 100, finishedBefore: true }]);
    const names = events.map((e) => e.name);
    expect(names.slice(-2)).toEqual(['training.finished', 'training.saved']);
    const announced = events.find((e) => e.name === 'training.finished')!.payload;
    expect(v.safeParse(eventSchemas['training.finished'], announced).success).toBe(true);
    expect(announced).not.toHaveProperty('savedRunId');
    const savedEvent = events.find((e) => e.name === 'training.saved')!.payload;
    expect(v.safeParse(eventSchemas['training.saved'], savedEvent).success).toBe(true);
    expect(savedEvent).toEqual({ runId, savedRunId: runId });
  });

  it('reports a failed save without losing the results', async () => {
    const { service, events } = setup({ record: async () => { throw new Error('ENOSPC: no space left on device'); } });
    const runId = service.start({ experiment: 'linreg-concise', hyperparameters: { epochs: 1 } });
    const finishing = service.whenFinished(runId);
    expect(await service.whenSaved(runId)).toEqual({ runId, saveError: 'the run could not be saved: ENOSPC: no space left on device' });
    const finished = await finishing;
    expect(finished.status).toBe('completed');
    expect(finished.summary.epochs).toHaveLength(1);
    expect(events.filter((e) => e.name === 'training.saved')).toHaveLength(1);
  });

  it('dispose waits for the saves still in flight', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let done = false;
    const { service } = setup({
      record: async (ended) => {
        await gate;
        done = true;
        return ended.runId;
      },
    });
    const runId = service.start({ experiment: 'linreg-concise', hyperparameters: { epochs: 1 } });
    await service.whenFinished(runId);
    const disposing = service.dispose();
    let disposed = false;
    void disposing.then(() => (disposed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(disposed).toBe(false);
    release();
    await disposing;
    expect(done).toBe(true);
  });
});

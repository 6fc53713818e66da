// Fault injection: a disk that fills up mid-write (ENOSPC from the real RunStore's file handle),
// a training worker killed mid-training while another run trains, and a renderer that reloads
// (its WebSocket closes) while the main process keeps training. Killed-while-saving lives in
// test/unit/runs/crash.test.ts (D2L_CRASH_KILLS=100 in `npm run fuzz`).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import WebSocket from 'ws';
import type { TrainingFinished, TrainingProgress, TrainingRequest, TrainingSaved } from '../../../src/shared/training';
import { capturedIo } from '../helpers/cli-io';

// Disk full: once `full` is set, every file handle writes half its bytes and then fails the way
// a full disk does. Only the handle is faked; directories, renames and reads are the real ones.
const disk = vi.hoisted(() => ({ full: false, failures: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    if (!disk.full) return handle;
    return new Proxy(handle, {
      get(target, prop) {
        if (prop === 'writeFile') {
          return async (data: Uint8Array) => {
            await target.writeFile(data.subarray(0, Math.floor(data.length / 2)));
            disk.failures++;
            throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return { ...real, open, default: { ...real, open } };
});
// The writers load node:fs/promises through files/lazy-builtins (process.getBuiltinModule, which
// vi.mock does not reach): hand them the faked module above.
vi.mock('../../../src/main/files/lazy-builtins', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../../src/main/files/lazy-builtins')>()),
  fsPromises: () => import('node:fs/promises'),
}));

const { RunStore } = await import('../../../src/main/services/runs/store');
const { trainingRecorder } = await import('../../../src/main/services/runs/record-training');
const { TrainingService } = await import('../../../src/main/services/training');
const { EventHub } = await import('../../../src/main/events');
const { createHandlers } = await import('../../../src/main/handlers');
const { dispatch } = await import('../../../src/main/dispatch');
const { startWebServer } = await import('../../../src/main/web/server');
const { runCli } = await import('../../../src/main/cli/main');
const { ensureWorkerBuilt } = await import('../training/build-worker');
const { LINREG_PARAMS, linregDraft, tempDir } = await import('../runs/helpers');

type Service = InstanceType<typeof TrainingService>;

let workerPath = '';
beforeAll(async () => {
  workerPath = await ensureWorkerBuilt();
}, 240_000);

const services: Service[] = [];
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  disk.full = false;
  await Promise.all(services.splice(0).map((s) => s.dispose()));
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Many one-example steps: runs until cancelled. */
const LONG: TrainingRequest = { experiment: 'linreg-concise', hyperparameters: { samples: 100000, batchSize: 1, epochs: 1000 } };
const SHORT: TrainingRequest = { experiment: 'linreg-concise', hyperparameters: { epochs: 2 }, seed: 5 };

async function until(check: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function tempStore(): { store: InstanceType<typeof RunStore>; dataDir: string } {
  const tmp = tempDir('d2l-faults-');
  cleanups.push(tmp.cleanup);
  const dataDir = join(tmp.dir, 'data');
  return { store: new RunStore(dataDir), dataDir };
}

function listing(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    out.push(name);
    for (const inner of readdirSync(join(dir, name))) out.push(`${name}/${inner}`);
  }
  return out.sort();
}

describe('disk full while saving (ENOSPC injected into the real RunStore)', () => {
  it('training.finished carries the results, training.saved a saveError; the run saved before is intact; no temp files remain', async () => {
    const { store } = tempStore();
    const before = await store.save(linregDraft({ title: 'saved before the disk filled' }), LINREG_PARAMS);
    const beforeRecord = await store.get(before);
    const beforeFiles = listing(store.runsDir);
    const finishedEvents: TrainingFinished[] = [];
    const savedEvents: TrainingSaved[] = [];
    const service = new TrainingService({
      events: {
        emit: (name, payload) => {
          if (name === 'training.finished') finishedEvents.push(payload as TrainingFinished);
          if (name === 'training.saved') savedEvents.push(payload as TrainingSaved);
        },
      },
      workerPath,
      record: trainingRecorder(store),
    });
    services.push(service);

    disk.full = true;
    const runId = service.start(SHORT);
    const finishing = service.whenFinished(runId);
    const saved = await service.whenSaved(runId);
    const finished = await finishing;
    disk.full = false;

    expect(disk.failures).toBeGreaterThan(0);
    expect(finished.status).toBe('completed');
    expect(finished.summary.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(Object.keys(finished.summary.params)).toEqual(['0.weight', '0.bias']);
    expect(saved).toEqual({ runId, saveError: expect.stringMatching(/^the run could not be saved: .*ENOSPC/) });
    expect(savedEvents).toEqual([saved]);
    expect(finishedEvents).toEqual([finished]);
    // Nothing half-written is left, and nothing saved before was touched.
    expect(listing(store.runsDir)).toEqual(beforeFiles);
    expect(await store.list()).toMatchObject({ runs: [{ id: before }], problems: [] });
    expect(await store.get(before)).toEqual(beforeRecord);
    expect(Object.keys((await store.getParams(before)).tensors)).toEqual(['0.weight', '0.bias']);
  }, 120_000);

  it('an edit that hits a full disk is refused with a typed error and leaves the run as it was', async () => {
    const { store, dataDir } = tempStore();
    const id = await store.save(linregDraft({ title: 'original' }), LINREG_PARAMS);
    const handlers = createHandlers({ dataDir, mode: 'web', systemLang: 'en', runs: store });
    // dispatch logs internal failures in full for the developer; keep that out of the test output.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    disk.full = true;
    const reply = await dispatch(handlers, 'runs.update', { id, patch: { title: 'renamed' } });
    disk.full = false;
    expect(logged).toHaveBeenCalledWith('request runs.update failed:', expect.any(Error));
    logged.mockRestore();
    expect(reply).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(!reply.ok && reply.error.message).toMatch(/cannot write .*run\.json: no space left on the device/);
    expect((await store.get(id)).title).toBe('original');
    expect(readdirSync(join(store.runsDir, id)).sort()).toEqual(['params.safetensors', 'run.json']);
  });

  it('the CLI prints the results, then the save error, and exits 1', async () => {
    const { store, dataDir } = tempStore();
    const io = capturedIo();
    disk.full = true;
    const code = await runCli(['train', 'linreg-concise', '--epochs', '2', '--data-dir', dataDir], io);
    disk.full = false;
    expect(code).toBe(1);
    expect(io.stdout).toMatch(/^epoch 1, loss \d\.\d{6}$/m);
    expect(io.stdout).toMatch(/^epoch 2, loss \d\.\d{6}$/m);
    expect(io.stdout).toMatch(/^e\(w\) /m);
    expect(io.stderr).toMatch(/could not be saved.*ENOSPC/);
    expect((await store.list()).runs).toEqual([]);
    expect(readdirSync(store.runsDir)).toEqual([]);
  });
});

describe('a training worker killed mid-training', () => {
  it('ends that run as failed with a message, keeps what it reported, and the other runs go on', async () => {
    const events: Array<{ name: string; payload: unknown }> = [];
    const service = new TrainingService({ events: { emit: (name, payload) => events.push({ name, payload }) }, workerPath, maxConcurrent: 2 });
    services.push(service);
    const victim = service.start(LONG);
    const bystander = service.start({ ...LONG, seed: 7 });
    const stepOf = (id: string): number => service.list().find((r) => r.runId === id)?.step ?? -1;
    await until(() => stepOf(victim) > 0 && stepOf(bystander) > 0, 'both runs to report steps');

    // The service keeps the only handle on its workers; terminating one from outside is what a
    // crashed or OOM-killed worker thread looks like to the main thread.
    const internals = service as unknown as { runs: Map<string, { worker?: Worker }> };
    const ending = service.whenFinished(victim);
    await internals.runs.get(victim)!.worker!.terminate();

    const failed = await ending;
    expect(failed.status).toBe('failed');
    expect(failed.message).toMatch(/^training worker exited with code \d+ before reporting a result$/);
    expect(failed.summary.stepLosses.length).toBeGreaterThan(0);
    expect(failed.summary.backend.name).not.toBe('none');

    // The other run is still training, and the service takes and finishes new work.
    const stepAfterKill = stepOf(bystander);
    await until(() => stepOf(bystander) > stepAfterKill, 'the other run to keep stepping');
    expect(service.list().map((r) => [r.runId, r.status])).toEqual([[bystander, 'running']]);
    const next = service.start(SHORT);
    expect((await service.whenFinished(next)).status).toBe('completed');
    expect(service.cancel(bystander)).toBe(true);
    expect((await service.whenFinished(bystander)).status).toBe('cancelled');
    const finishedFor = (id: string): number => events.filter((e) => e.name === 'training.finished' && (e.payload as TrainingFinished).runId === id).length;
    expect([finishedFor(victim), finishedFor(bystander), finishedFor(next)]).toEqual([1, 1, 1]);
  }, 120_000);
});

describe('renderer reload during training (web mode)', () => {
  interface Message {
    id?: number;
    reply?: { ok: boolean; result?: unknown; error?: { code: string; message: string } };
    event?: string;
    payload?: unknown;
  }

  function client(url: string, origin: string): Promise<{ ws: WebSocket; messages: Message[]; request: (name: string, payload: unknown) => Promise<Message['reply']> }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { origin });
      const messages: Message[] = [];
      let nextId = 1;
      ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Message));
      ws.once('error', reject);
      ws.once('open', () =>
        resolve({
          ws,
          messages,
          request: async (name, payload) => {
            const id = nextId++;
            ws.send(JSON.stringify({ id, name, payload }));
            await until(() => messages.some((m) => m.id === id), `the reply to ${name}`);
            return messages.find((m) => m.id === id)!.reply;
          },
        }),
      );
    });
  }

  it('keeps training when the page goes away; a new page sees the run in training.list and gets its progress and finish', async () => {
    const { store, dataDir } = tempStore();
    const renderer = join(dataDir, '..', 'renderer');
    rmSync(renderer, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(renderer, { recursive: true }));
    writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>reload</title>');
    const events = new EventHub();
    const training = new TrainingService({ events, workerPath, record: trainingRecorder(store) });
    services.push(training);
    const server = await startWebServer({
      port: 0, rendererDir: renderer, events,
      handlers: createHandlers({ dataDir, mode: 'web', systemLang: 'en', training, runs: store }),
    });
    cleanups.push(() => server.close());
    const url = `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
    const origin = `http://127.0.0.1:${server.port}`;
    const progressOf = (messages: Message[], runId: string): TrainingProgress[] =>
      messages.filter((m) => m.event === 'training.progress' && (m.payload as TrainingProgress).runId === runId).map((m) => m.payload as TrainingProgress);

    const first = await client(url, origin);
    const started = await first.request('training.start', LONG);
    expect(started?.ok).toBe(true);
    const runId = (started!.result as { runId: string }).runId;
    await until(() => progressOf(first.messages, runId).some((p) => p.step > 0), 'progress on the first page');
    // The reload: the page's socket goes away without a word.
    await new Promise<void>((resolve) => {
      first.ws.once('close', () => resolve());
      first.ws.terminate();
    });

    const second = await client(url, origin);
    const list = await second.request('training.list', null);
    expect(list?.ok).toBe(true);
    expect(list!.result).toEqual([expect.objectContaining({ runId, status: 'running', experiment: 'linreg-concise' })]);
    const stepSeen = (list!.result as Array<{ step: number }>)[0]!.step;
    await until(() => progressOf(second.messages, runId).some((p) => p.step > stepSeen), 'progress on the reloaded page');

    expect((await second.request('training.cancel', { runId }))?.ok).toBe(true);
    await until(() => second.messages.some((m) => m.event === 'training.finished'), 'training.finished on the reloaded page');
    const finished = second.messages.find((m) => m.event === 'training.finished')!.payload as TrainingFinished;
    expect(finished).toMatchObject({ runId, status: 'cancelled' });
    await until(() => second.messages.some((m) => m.event === 'training.saved'), 'training.saved on the reloaded page');
    expect(second.messages.find((m) => m.event === 'training.saved')!.payload).toEqual({ runId, savedRunId: runId });
    expect((await store.get(runId)).status).toBe('cancelled');
    second.ws.close();
  }, 120_000);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore, RunStoreError } from '../../../src/main/services/runs/store';
import { draftFromTraining, thinSteps } from '../../../src/main/services/runs/draft';
import type { TrainingResultLike } from '../../../src/main/services/runs/draft';
import type { TrainingSummary } from '../../../src/shared/training';
import { newRunId } from '../../../src/main/services/runs/ids';
import { RUN_ID_PATTERN, RUN_LIMITS, type RunRecord } from '../../../src/shared/runs';
import { LINREG_PARAMS, linregDraft, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let store: RunStore;
beforeEach(() => {
  tmp = tempDir();
  store = new RunStore(tmp.dir);
});
afterEach(() => tmp.cleanup());

function readRecordJson(id: string): RunRecord {
  return JSON.parse(readFileSync(join(store.runsDir, id, 'run.json'), 'utf8')) as RunRecord;
}

describe('run ids', () => {
  it('are UTC time + 6 hex digits, safe as folder names', () => {
    expect(newRunId(new Date('2026-11-26T14:30:00Z'), Uint8Array.from([0xab, 0x12, 0xcd]))).toBe('20261126-143000-ab12cd');
    expect(newRunId()).toMatch(RUN_ID_PATTERN);
  });
});

describe('RunStore save / get / list', () => {
  it('saves run.json and params.safetensors under runs/<id>/ and reads them back', async () => {
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    expect(id).toMatch(/^\d{8}-\d{6}-[0-9a-f]{6}$/);
    expect(readdirSync(join(store.runsDir, id)).sort()).toEqual(['params.safetensors', 'run.json']);
    const record = await store.get(id);
    expect(record).toMatchObject({
      schemaVersion: 1, id, experiment: 'linreg-concise', section: '3.3', status: 'completed', backend: 'ts', pinned: false,
      config: { experiment: 'linreg-concise', hyperparameters: { epochs: 3, lr: 0.03, batchSize: 10, samples: 1000 }, seed: 42 },
      summary: { finalLoss: 0.000102, epochsCompleted: 3, stepsCompleted: 300 },
      params: [{ name: '0.weight', shape: [1, 2] }, { name: '0.bias', shape: [1] }],
      steps: { every: 1 },
    });
    expect(record.steps.losses).toHaveLength(300);
    expect(readRecordJson(id)).toEqual(record);
    const { tensors, metadata } = await store.getParams(id);
    expect(Array.from(tensors['0.weight']!.data)).toEqual([Math.fround(1.9994), Math.fround(-3.3997)]);
    expect(metadata).toMatchObject({ experiment: 'linreg-concise', section: '3.3', seed: '42', run_id: id });
  });

  it('keeps diverged runs: non-finite losses become null, the message is kept', async () => {
    const id = await store.save(linregDraft({ status: 'diverged', message: 'loss became NaN at step 12', epochs: [{ epoch: 1, loss: Number.NaN }], stepLosses: [1, Infinity, Number.NaN] }), LINREG_PARAMS);
    const r = await store.get(id);
    expect(r.summary.finalLoss).toBeNull();
    expect(r.steps.losses).toEqual([1, null, null]);
    expect(r.message).toBe('loss became NaN at step 12');
    expect((await store.list()).runs[0]).toMatchObject({ id, status: 'diverged', finalLoss: null });
  });

  it('saves a run without parameters (cancelled before the first step)', async () => {
    const id = await store.save(linregDraft({ status: 'cancelled', epochs: [], stepLosses: [] }));
    expect(readdirSync(join(store.runsDir, id))).toEqual(['run.json']);
    expect((await store.list()).runs[0]).toMatchObject({ id, hasParams: false, finalLoss: null });
    await expect(store.getParams(id)).rejects.toThrow(`run ${id} has no saved parameters`);
  });

  it('thins very long step series by averaging, keeping the cap', async () => {
    expect(thinSteps([1, 3, 5, 7, 9], 2)).toEqual({ every: 3, losses: [3, 8] });
    const id = await store.save(linregDraft({ stepLosses: new Float64Array(RUN_LIMITS.maxSteps * 2 + 1).fill(0.5) }), LINREG_PARAMS);
    const r = await store.get(id);
    expect(r.steps.every).toBe(3);
    expect(r.steps.losses.length).toBeLessThanOrEqual(RUN_LIMITS.maxSteps);
    expect(r.summary.stepsCompleted).toBe(RUN_LIMITS.maxSteps * 2 + 1);
  });

  it('lists newest first with experiment, status and final loss', async () => {
    const a = await store.save(linregDraft({ createdAt: '2026-11-26T10:00:00.000Z' }), LINREG_PARAMS);
    const b = await store.save(linregDraft({ createdAt: '2026-11-27T10:00:00.000Z', experiment: 'polyfit', section: '4.4', config: { experiment: 'polyfit', hyperparameters: {}, seed: 1 } }));
    const c = await store.save(linregDraft({ createdAt: '2026-11-25T10:00:00.000Z', status: 'failed', message: 'boom' }));
    const { runs, problems } = await store.list();
    expect(problems).toEqual([]);
    expect(runs.map((r) => r.id)).toEqual([b, a, c]);
    expect(runs[0]).toEqual({ id: b, experiment: 'polyfit', section: '4.4', status: 'completed', createdAt: '2026-11-27T10:00:00.000Z', finalLoss: 0.000102, backend: 'ts', pinned: false, hasParams: false, hyperparameters: {}, seed: 1, stepsCompleted: 300 });
    expect(runs[1]).toMatchObject({ hyperparameters: { epochs: 3, lr: 0.03, batchSize: 10, samples: 1000 }, seed: 42 });
  });

  it('shares a list in flight, but not after invalidate (a run saved by another process)', async () => {
    const older = store.list();
    expect(store.list()).toBe(older);
    store.invalidate();
    const newer = store.list();
    expect(newer).not.toBe(older);
    const elsewhere = await new RunStore(tmp.dir).save(linregDraft());
    store.invalidate();
    expect((await store.list()).runs.map((r) => r.id)).toEqual([elsewhere]);
    await Promise.all([older, newer]);
  });

  it('records what the training service reports (TrainingSummary)', async () => {
    const summary: TrainingSummary = {
      experiment: 'weight-decay',
      section: '4.5',
      config: { experiment: 'weight-decay', hyperparameters: { epochs: 2, lr: 0.003, batchSize: 5, lambda: 3 }, seed: 7 },
      status: 'completed',
      backend: { name: 'native', label: 'native OpenBLAS (Haswell)' },
      epochs: [{ epoch: 1, loss: 0.5, testLoss: 0.9, weightNorm: 1.5 }, { epoch: 2, loss: 0.25, testLoss: 0.8, weightNorm: 1.2 }],
      stepLosses: [0.6, 0.5, 0.3, 0.25],
      totalSteps: 4,
      params: { w: { shape: [200, 1], data: new Array<number>(200).fill(0.01) }, b: { shape: [1], data: [0.1] } },
      timing: { trainMs: 12 },
    };
    const result: TrainingResultLike = summary; // the store reads the service's summary as is
    const { draft, params } = draftFromTraining(result);
    const r = await store.get(await store.save(draft, params));
    expect(r).toMatchObject({ experiment: 'weight-decay', section: '4.5', backend: 'native OpenBLAS (Haswell)', summary: { finalLoss: 0.25, finalTestLoss: 0.8 } });
    expect(r.epochs[1]).toEqual({ epoch: 2, loss: 0.25, testLoss: 0.8, weightNorm: 1.2 });
  });

  it('refuses to save an invalid record and leaves nothing behind', async () => {
    await expect(store.save(linregDraft({ section: '../3' }), LINREG_PARAMS)).rejects.toThrow(/cannot save run .*: section: must be a book section/);
    await expect(store.save(linregDraft({ id: '../evil' }), LINREG_PARAMS)).rejects.toThrow(/invalid run id "..\/evil"/);
    expect(existsSync(store.runsDir) ? readdirSync(store.runsDir) : []).toEqual([]);
    expect(readdirSync(tmp.dir).filter((f) => f !== 'runs')).toEqual([]);
  });
});

describe('RunStore update / delete', () => {
  it('renames, annotates and pins; an empty title removes it', async () => {
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    await store.update(id, { title: 'first try', note: 'lr 0.03 as in the book', pinned: true });
    expect(await store.get(id)).toMatchObject({ title: 'first try', note: 'lr 0.03 as in the book', pinned: true });
    expect((await store.list()).runs[0]).toMatchObject({ title: 'first try', pinned: true });
    await store.update(id, { title: '' });
    const r = await store.get(id);
    expect(r.title).toBeUndefined();
    expect(r.note).toBe('lr 0.03 as in the book');
    await expect(store.update(id, { title: 'x'.repeat(201) })).rejects.toThrow(/title must be at most 200 characters/);
    expect(readdirSync(join(store.runsDir, id)).sort()).toEqual(['params.safetensors', 'run.json']);
  });

  it('deletes a run and says which id is unknown or malformed', async () => {
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    await store.delete(id);
    expect(readdirSync(store.runsDir)).toEqual([]);
    await expect(store.get(id)).rejects.toThrow(`no run "${id}"`);
    await expect(store.delete('../x')).rejects.toMatchObject({ code: 'invalid-id' });
    await expect(store.get('..')).rejects.toBeInstanceOf(RunStoreError);
  });
});

describe('corrupt and foreign run folders', () => {
  async function validRunJson(): Promise<Record<string, unknown>> {
    const id = await store.save(linregDraft({ stepLosses: [] }));
    const raw = readRecordJson(id) as unknown as Record<string, unknown>;
    await store.delete(id);
    return raw;
  }

  function plant(folder: string, runJson: string | Uint8Array): void {
    mkdirSync(join(store.runsDir, folder), { recursive: true });
    writeFileSync(join(store.runsDir, folder, 'run.json'), runJson);
  }

  it('reports each broken folder with its reason and still lists the good runs', async () => {
    const good = await store.save(linregDraft(), LINREG_PARAMS);
    const base = await validRunJson();
    const full = JSON.stringify({ ...base, id: 'truncated' });
    plant('truncated', full.slice(0, full.length / 2));
    plant('wrong-types', JSON.stringify({ ...base, id: 'wrong-types', epochs: 'many', pinned: 'yes' }));
    plant('huge-arrays', JSON.stringify({ ...base, id: 'huge-arrays', steps: { every: 1, losses: new Array(RUN_LIMITS.maxSteps + 1).fill(0) } }));
    plant('other-id', JSON.stringify({ ...base, id: 'someone-else' }));
    plant('path-id', JSON.stringify({ ...base, id: '../x' }));
    plant('future', JSON.stringify({ ...base, id: 'future', schemaVersion: 2 }));
    plant('Not_A_Run', JSON.stringify(base));
    plant('no-params', JSON.stringify({ ...base, id: 'no-params', params: [{ name: '0.weight', shape: [1, 2] }] }));
    mkdirSync(join(store.runsDir, 'empty'));
    writeFileSync(join(store.runsDir, 'stray-file'), 'hello');
    symlinkSync(join(store.runsDir, good), join(store.runsDir, 'link'));
    mkdirSync(join(store.runsDir, 'linked-json'));
    symlinkSync('/etc/hostname', join(store.runsDir, 'linked-json', 'run.json'));
    writeFileSync(join(store.runsDir, '.DS_Store'), '');

    const { runs, problems } = await store.list();
    expect(runs.map((r) => r.id)).toEqual([good]);
    const reasons = Object.fromEntries(problems.map((p) => [p.folder, p.reason]));
    expect(reasons).toEqual({
      truncated: expect.stringMatching(/^run.json is not valid JSON/),
      'wrong-types': expect.stringMatching(/^run.json is invalid: epochs: Invalid type: Expected Array but received "many"/),
      'huge-arrays': `run.json is invalid: steps.losses: at most ${RUN_LIMITS.maxSteps} steps`,
      'other-id': 'run.json says id "someone-else" but lives in folder "other-id"',
      'path-id': 'run.json is invalid: id: must be 1–64 of a-z, 0-9 and "-"',
      future: 'run.json is invalid: schemaVersion: schemaVersion must be 1',
      Not_A_Run: 'folder name is not a run id (1–64 of a-z, 0-9 and "-")',
      'no-params': 'params.safetensors is missing or not a regular file',
      empty: 'run.json is missing',
      'stray-file': 'is a file, not a run folder',
      link: 'is a symbolic link, not a run folder',
      'linked-json': 'run.json is a symbolic link',
    });
  });

  it('refuses __proto__ keys by name (issue 12: they used to be dropped silently) and nothing reaches Object.prototype', async () => {
    const base = await validRunJson();
    plant('proto', JSON.stringify({ ...base, id: 'proto' }).replace('"hyperparameters":{', '"hyperparameters":{"__proto__":{"polluted":1},'));
    const { runs, problems } = await store.list();
    expect(runs).toEqual([]);
    expect(problems).toEqual([{ folder: 'proto', reason: expect.stringContaining('config.hyperparameters: hyperparameter name "__proto__" is not allowed') }]);
    await expect(store.get('proto')).rejects.toThrow(/hyperparameter name "__proto__" is not allowed/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses an oversized run.json without parsing it', async () => {
    plant('big', new Uint8Array(RUN_LIMITS.runJsonBytes + 1).fill(0x20));
    expect((await store.list()).problems).toEqual([{ folder: 'big', reason: `run.json is ${RUN_LIMITS.runJsonBytes + 1} bytes (at most ${RUN_LIMITS.runJsonBytes})` }]);
  });

  it('refuses params that do not match the index or are corrupt', async () => {
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    const file = join(store.runsDir, id, 'params.safetensors');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 2));
    await expect(store.getParams(id)).rejects.toThrow(/params.safetensors: safetensors: tensors cover 12 bytes but the data section has 10/);
  });
});

describe('cleanupTemp', () => {
  it('removes temp folders and files of dead writers, keeps live ones', async () => {
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    const dead = 2 ** 22 + 12345; // above Linux's default pid_max: no such process
    mkdirSync(join(store.runsDir, `.tmp-${id}x-${dead}`));
    mkdirSync(join(store.runsDir, `.tmp-del-${id}-${dead}`));
    writeFileSync(join(store.runsDir, id, `.run.json.tmp-${dead}-abcdef`), '{');
    mkdirSync(join(store.runsDir, `.tmp-other-${process.ppid}`));
    const removed = await store.cleanupTemp();
    expect(removed.sort()).toEqual([`${id}/.run.json.tmp-${dead}-abcdef`, `.tmp-${id}x-${dead}`, `.tmp-del-${id}-${dead}`].sort());
    expect(readdirSync(store.runsDir).sort()).toEqual([`.tmp-other-${process.ppid}`, id]);
    expect((await store.list()).problems).toEqual([]);
  });
});

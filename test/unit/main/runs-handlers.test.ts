import { EXPERIMENTS } from '../helpers/catalog';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../../src/main/dispatch';
import { createHandlers } from '../../../src/main/handlers';
import { RunStore } from '../../../src/main/services/runs/store';
import { trainingRecorder } from '../../../src/main/services/runs/record-training';
import { runExperiment } from '../../../src/main/services/training';
import { validateTrainingRequest } from '../../../src/shared/training';
import { decodeSafetensors } from '../../../src/main/services/export/safetensors';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'd2l-runs-handlers-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function trainedRun(store: RunStore): Promise<string> {
  const checked = validateTrainingRequest({ experiment: 'linreg-concise', hyperparameters: { epochs: 1 }, seed: 3 }, EXPERIMENTS);
  if (!checked.ok) throw new Error(checked.message);
  let dataset;
  const summary = runExperiment(checked.config, { dataset: (v) => { dataset = v; } });
  return trainingRecorder(store)({ runId: 'run-one', summary }, dataset);
}

function call(h: ReturnType<typeof createHandlers>, name: string, payload: unknown) {
  return dispatch(h, name, payload) as Promise<{ ok: boolean; result?: any; error?: { code: string; message: string } }>;
}

describe('runs.* requests', () => {
  it('list, get, params, update, export, bundle, import, delete through the contract', async () => {
    const runs = new RunStore(dir);
    const id = await trainedRun(runs);
    const h = createHandlers({ dataDir: dir, mode: 'web', systemLang: 'en', runs });

    const list = await call(h, 'runs.list', null);
    expect(list.result.runs.map((r: { id: string }) => r.id)).toEqual([id]);
    const rec = await call(h, 'runs.get', { id });
    expect(rec.result).toMatchObject({ id, experiment: 'linreg-concise', status: 'completed', config: { seed: 3 } });
    // The data panel and the truth come back with the run, so its charts can be restored.
    expect(rec.result.dataset.scatter.x).toHaveLength(1000);
    expect(rec.result.truth).toEqual({ w: [2, -3.4], b: [4.2] });
    const params = await call(h, 'runs.params', { id });
    expect(Object.keys(params.result)).toEqual(['0.weight', '0.bias']);
    expect(params.result['0.weight'].shape).toEqual([1, 2]);

    const upd = await call(h, 'runs.update', { id, patch: { title: 'first', pinned: true } });
    expect(upd.result).toMatchObject({ title: 'first', pinned: true });

    const exp = await call(h, 'runs.export', { id, format: 'safetensors' });
    // Files are named after the run's title in safe characters, then its id.
    expect(exp.result.fileName).toBe(`first-${id}.safetensors`);
    const decoded = decodeSafetensors(Buffer.from(exp.result.base64, 'base64'));
    expect(Array.from(decoded.tensors['0.weight']!.data)).toEqual(params.result['0.weight'].data);

    const bundle = await call(h, 'runs.bundle', { id });
    expect(bundle.result.fileName).toBe(`first-${id}.d2lrun`);
    const again = await call(h, 'runs.import', bundle.result);
    expect(again.result).toEqual({ id, duplicate: true });

    expect((await call(h, 'runs.delete', { id })).ok).toBe(true);
    expect((await call(h, 'runs.list', null)).result.runs).toEqual([]);
    const imported = await call(h, 'runs.import', bundle.result);
    expect(imported.result).toEqual({ id, duplicate: false });
  });

  it('answers typed errors: bad ids, missing runs, hostile uploads, unknown formats', async () => {
    const h = createHandlers({ dataDir: dir, mode: 'web', systemLang: 'en' });
    expect((await call(h, 'runs.get', { id: '../x' })).error?.code).toBe('invalid-payload');
    const missing = await call(h, 'runs.get', { id: 'nope' });
    expect(missing.error?.code).toBe('not-found');
    const bad = await call(h, 'runs.import', { fileName: 'x.d2lrun', base64: Buffer.from('not a zip').toString('base64') });
    expect(bad.error).toMatchObject({ code: 'invalid-payload', message: expect.stringMatching(/^bundle refused/) });
    expect((await call(h, 'runs.import', { fileName: 'x.d2lrun', base64: '!!' })).error?.code).toBe('invalid-payload');
    const fmt = await call(h, 'runs.export', { id: 'nope', format: 'pickle' });
    expect(fmt.error).toMatchObject({ code: 'invalid-payload', message: expect.stringContaining('format must be one of safetensors, npz, json, csv, onnx') });
  });

  it('moves deleted runs to the trash when the app provides one', async () => {
    const runs = new RunStore(dir);
    const id = await trainedRun(runs);
    const trash = vi.fn(async () => {});
    const h = createHandlers({ dataDir: dir, mode: 'electron', systemLang: 'en', runs, trash });
    expect((await call(h, 'runs.delete', { id })).ok).toBe(true);
    expect(trash).toHaveBeenCalledWith(runs.folderOf(id));
  });
});

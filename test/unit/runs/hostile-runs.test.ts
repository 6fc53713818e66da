// Issue 12 for saved runs: FIFOs and other odd files in runs/ never hang a request (item 2); a
// small bundle hiding huge parameters is refused at import with its size and the limit (item 1);
// every stored number is finite or refused (item 4); a run that cannot be loaded can still be
// deleted from the contract, the Electron trash path and the CLI (item 4); and the run list is
// parsed once per change of run.json and shared by calls made at the same time (item 8).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';

// Counts reads of run.json, to prove the list cache and the shared list are used.
const reads = vi.hoisted(() => ({ runJson: 0 }));
vi.mock('../../../src/main/files/safe-read', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/main/files/safe-read')>();
  return {
    ...real,
    readCapped: (path: string, max: number) => {
      if (path.endsWith('run.json')) reads.runJson++;
      return real.readCapped(path, max);
    },
  };
});

const { RunStore } = await import('../../../src/main/services/runs/store');
const { createHandlers } = await import('../../../src/main/handlers');
const { dispatch } = await import('../../../src/main/dispatch');
const { runsCommand } = await import('../../../src/main/cli/runs');
const { encodeBundle } = await import('../../../src/main/services/runs/bundle');
const { RUN_LIMITS, parseRunRecord } = await import('../../../src/shared/runs');
const { buildRecord } = await import('../../../src/main/services/runs/draft');
const { LINREG_PARAMS, linregDraft, tempDir } = await import('./helpers');
const { answers, bigParamsBundle, mkfifo, releaseFifos } = await import('../security/hostile-fixtures');

type Store = InstanceType<typeof RunStore>;

let tmp: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(() => {
  tmp = tempDir('d2l-hostile-runs-');
  store = new RunStore(join(tmp.dir, 'data'));
});
afterEach(() => {
  releaseFifos();
  tmp.cleanup();
});

function call(h: ReturnType<typeof createHandlers>, name: string, payload: unknown) {
  return dispatch(h, name, payload) as Promise<{ ok: boolean; result?: any; error?: { code: string; message: string } }>;
}

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { isTTY: false, out: (t: string) => void (out.stdout += t), err: (t: string) => void (out.stderr += t) } };
}

const FIFO_ID = '20260101-000000-f1f0f1';

describe('a FIFO in runs/ (item 2)', () => {
  it('is a problem of runs.list, and eight lists at once all answer (the thread pool is never exhausted)', async () => {
    const good = await store.save(linregDraft(), LINREG_PARAMS);
    mkdirSync(join(store.runsDir, FIFO_ID));
    mkfifo(join(store.runsDir, FIFO_ID, 'run.json'));
    const h = createHandlers({ dataDir: store.dataDir, mode: 'web', systemLang: 'en', runs: store });
    const lists = await answers(Promise.all(Array.from({ length: 8 }, () => call(h, 'runs.list', null))), 'eight runs.list');
    for (const list of lists) {
      expect(list.result.runs.map((r: { id: string }) => r.id)).toEqual([good]);
      expect(list.result.problems).toEqual([{ folder: FIFO_ID, reason: 'run.json is a FIFO (named pipe), not a regular file' }]);
    }
    // A fresh store (no cache) on the same folder: the CLI.
    const cli = io();
    expect(await answers(runsCommand(['list', '--data-dir', store.dataDir], cli.io), 'd2l-workbench runs list')).toBe(0);
    expect(cli.out.stdout).toContain(good);
    expect(cli.out.stderr).toContain(`${FIFO_ID}: run.json is a FIFO (named pipe), not a regular file`);
  });

  it('as params.safetensors: runs.params answers with the reason', async () => {
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    rmSync(join(store.runsDir, id, 'params.safetensors'));
    mkfifo(join(store.runsDir, id, 'params.safetensors'));
    const h = createHandlers({ dataDir: store.dataDir, mode: 'web', systemLang: 'en', runs: store });
    const reply = await answers(call(h, 'runs.params', { id }), 'runs.params');
    expect(reply.error?.message).toBe('params.safetensors is a FIFO (named pipe), not a regular file');
  });

  it('a sparse 1 TB run.json is refused by its size, without reading it', async () => {
    mkdirSync(join(store.runsDir, FIFO_ID), { recursive: true });
    const file = join(store.runsDir, FIFO_ID, 'run.json');
    writeFileSync(file, '');
    const { truncateSync } = await import('node:fs');
    truncateSync(file, 2 ** 40);
    expect((await store.list()).problems).toEqual([{ folder: FIFO_ID, reason: `run.json is ${2 ** 40} bytes (at most ${RUN_LIMITS.runJsonBytes})` }]);
  });
});

describe('run.json too deep or too big to parse at once (item 1: the event loop)', () => {
  it('is refused from its bytes, before JSON.parse builds anything', async () => {
    mkdirSync(join(store.runsDir, FIFO_ID), { recursive: true });
    const file = join(store.runsDir, FIFO_ID, 'run.json');
    writeFileSync(file, `${'['.repeat(4_000_000)}${']'.repeat(4_000_000)}`);
    expect((await store.list()).problems).toEqual([{ folder: FIFO_ID, reason: 'run.json is nested more than 16 levels deep' }]);
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, steps: { every: 1, losses: new Array(2_000_000).fill(0) } }));
    expect((await store.list()).problems).toEqual([{ folder: FIFO_ID, reason: 'run.json holds more than 400000 values' }]);
    // Strings count as one value whatever their length: a long note is fine.
    const id = await store.save(linregDraft({ note: 'x'.repeat(RUN_LIMITS.noteChars) }));
    expect((await store.get(id)).note).toHaveLength(RUN_LIMITS.noteChars);
  });
});

describe('a small bundle that hides huge parameters (item 1)', () => {
  it('is refused at import with the declared size and the limit; nothing is written', async () => {
    const id = await store.save(linregDraft());
    const runJson = JSON.parse(readFileSync(join(store.runsDir, id, 'run.json'), 'utf8')) as Record<string, unknown>;
    await store.delete(id);
    // The attack as reported: one parameter of shape [67000000], 268 MB of one repeated float.
    const bundle = await bigParamsBundle({ ...runJson, id: '20260101-000000-b0b0b0' }, 67_000_000);
    expect(bundle.length).toBeLessThan(1_000_000);
    const h = createHandlers({ dataDir: store.dataDir, mode: 'web', systemLang: 'en', runs: store });
    const reply = await call(h, 'runs.import', { fileName: 'small.d2lrun', base64: Buffer.from(bundle).toString('base64') });
    expect(reply.error).toMatchObject({ code: 'invalid-payload' });
    expect(reply.error?.message).toMatch(new RegExp(`^bundle refused: entry "params.safetensors" declares 268000\\d+ bytes \\(at most ${RUN_LIMITS.paramsBytes}\\)$`));
    expect((await store.list()).runs).toEqual([]);
  }, 60_000);
});

describe('stored numbers are finite (item 4)', () => {
  /** Every path to a number in a value, for planting a non-finite one there. */
  function numberPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
    if (typeof value === 'number') return [path];
    if (Array.isArray(value)) return value.flatMap((v, i) => numberPaths(v, [...path, i]));
    if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numberPaths(v, [...path, k]));
    return [];
  }

  function richRecord() {
    const draft = linregDraft({
      dataset: {
        scatter: { xLabel: 'x1', yLabel: 'y', x: [1, 2], y: [3, 4] },
        testScatter: { x: [1], y: [2] },
        curve: { x: [0, 1], y: [0, 1] },
        fit: { kind: 'linear', weight: '0.weight', bias: '0.bias', featureIndex: 0 },
        truth: { w: [2, -3.4] },
        images: { split: 'train', indices: [0], labels: [3], width: 28, height: 28, pixels: '' },
        activations: { x: [0], curves: [{ name: 'relu', y: [0], grad: [0] }] },
      },
      truth: { w: [2, -3.4], b: [4.2] },
      classification: {
        testAccuracy: 0.8, confusion: [[1, 0], [0, 1]],
        predictions: { split: 'test', indices: [0], labels: [1], width: 28, height: 28, pixels: '', predicted: [1] },
      },
    });
    return JSON.parse(JSON.stringify(buildRecord(draft, '20260101-000000-abcdef', LINREG_PARAMS))) as Record<string, unknown>;
  }

  it('every number a record holds: Infinity or NaN there is refused, naming the place (1e999 parses to Infinity)', () => {
    const record = richRecord();
    expect(parseRunRecord(record).ok).toBe(true);
    const paths = numberPaths(record);
    expect(paths.length).toBeGreaterThan(40);
    for (const path of paths) {
      for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN]) {
        const copy = structuredClone(record);
        let at: any = copy;
        for (const key of path.slice(0, -1)) at = at[key];
        at[path[path.length - 1]!] = bad;
        const parsed = parseRunRecord(copy);
        // Accepted only where it is a metric (null on disk, read back as null): then it must read back.
        if (parsed.ok) {
          const back = parseRunRecord(JSON.parse(JSON.stringify(parsed.record)));
          expect(back.ok, `${path.join('.')} = ${bad} was accepted but does not read back`).toBe(true);
        } else {
          expect(parsed.reason, path.join('.')).toMatch(new RegExp(`^${path.join('\\.')}: `));
        }
      }
    }
  });

  it('a bundle with 1e999 in dataset.scatter.x is refused, and nothing is imported', async () => {
    const id = await store.save(linregDraft({ dataset: { scatter: { xLabel: 'x', yLabel: 'y', x: [1, 2], y: [3, 4] } } }), LINREG_PARAMS);
    const bundle = await encodeBundle(store, id);
    await store.delete(id);
    const { unzipSync } = await import('fflate');
    const files = unzipSync(bundle);
    const json = new TextDecoder().decode(files['run.json']).replace(/"x": \[\s*1,/, '"x": [1e999,');
    expect(json).toContain('1e999');
    const hostile = zipSync({ 'run.json': new TextEncoder().encode(json), 'params.safetensors': files['params.safetensors']! });
    const h = createHandlers({ dataDir: store.dataDir, mode: 'web', systemLang: 'en', runs: store });
    for (let i = 0; i < 2; i++) {
      const reply = await call(h, 'runs.import', { fileName: 'inf.d2lrun', base64: Buffer.from(hostile).toString('base64') });
      expect(reply.error).toEqual({ code: 'invalid-payload', message: 'bundle refused: run.json is invalid: dataset.scatter.x.0: must be a finite number' });
    }
    expect(await store.list()).toEqual({ runs: [], problems: [] });
  });
});

describe('a run that cannot be loaded can be deleted (item 4)', () => {
  function plantBroken(id: string): void {
    mkdirSync(join(store.runsDir, id), { recursive: true });
    writeFileSync(join(store.runsDir, id, 'run.json'), '{"schemaVersion": 1, "dataset": {"scatter": {"x": [null]}}}');
  }

  it('through runs.delete, with and without the OS trash', async () => {
    plantBroken(FIFO_ID);
    const h = createHandlers({ dataDir: store.dataDir, mode: 'web', systemLang: 'en', runs: store });
    expect((await call(h, 'runs.list', null)).result.problems).toHaveLength(1);
    expect(await call(h, 'runs.delete', { id: FIFO_ID })).toEqual({ ok: true, result: null });
    expect(await call(h, 'runs.list', null)).toEqual({ ok: true, result: { runs: [], problems: [] } });

    plantBroken(FIFO_ID);
    const trashed: string[] = [];
    const trash = async (folder: string): Promise<void> => {
      trashed.push(folder);
      rmSync(folder, { recursive: true });
    };
    const electron = createHandlers({ dataDir: store.dataDir, mode: 'electron', systemLang: 'en', runs: store, trash });
    expect(await call(electron, 'runs.delete', { id: FIFO_ID })).toEqual({ ok: true, result: null });
    expect(trashed).toEqual([store.folderOf(FIFO_ID)]);
    expect((await call(electron, 'runs.list', null)).result.problems).toEqual([]);
  });

  it('through the CLI, also when run.json is a FIFO', async () => {
    mkdirSync(join(store.runsDir, FIFO_ID), { recursive: true });
    mkfifo(join(store.runsDir, FIFO_ID, 'run.json'));
    const cli = io();
    expect(await answers(runsCommand(['delete', FIFO_ID, '--data-dir', store.dataDir], cli.io), 'runs delete')).toBe(0);
    expect(cli.out.stdout).toBe(`deleted ${FIFO_ID}\n`);
    expect(await store.list()).toEqual({ runs: [], problems: [] });
  });
});

describe('runs.list parses run.json once per change (item 8)', () => {
  it('a second list reads no run.json; a changed run is read again; concurrent lists share one pass', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await store.save(linregDraft({ createdAt: `2026-01-0${i + 1}T00:00:00.000Z` }), LINREG_PARAMS));
    reads.runJson = 0;
    expect((await store.list()).runs).toHaveLength(5);
    expect(reads.runJson).toBe(5);
    reads.runJson = 0;
    expect((await store.list()).runs).toHaveLength(5);
    expect(reads.runJson).toBe(0);
    await store.update(ids[2]!, { title: 'changed' });
    reads.runJson = 0;
    const after = await store.list();
    expect(reads.runJson).toBe(1);
    expect(after.runs.find((r) => r.id === ids[2])?.title).toBe('changed');

    // 64 lists at once on a fresh store: one pass over the folders, shared.
    const fresh = new RunStore(store.dataDir);
    reads.runJson = 0;
    const lists = await Promise.all(Array.from({ length: 64 }, () => fresh.list()));
    expect(reads.runJson).toBe(5);
    for (const l of lists) expect(l.runs).toHaveLength(5);
    // A list asked for after a write does not get the one started before it.
    const before = fresh.list();
    await fresh.delete(ids[0]!);
    expect((await fresh.list()).runs).toHaveLength(4);
    expect((await before).runs.length).toBeGreaterThanOrEqual(4);
  });
});

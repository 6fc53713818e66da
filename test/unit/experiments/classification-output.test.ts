// What a classifier run leaves outside the process: the saved run keeps its confusion matrix and
// prediction grid, and `train --json` and the human epoch lines carry them, reading the dataset
// from --data-dir (the data directory's datasets/fashion-mnist folder).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '../../../src/main/services/training/runner';
import { clearDatasetMemory, configureDatasets, dataDirFashionFolder } from '../../../src/main/services/datasets';
import { RunStore } from '../../../src/main/services/runs/store';
import { trainingRecorder } from '../../../src/main/services/runs/record-training';
import { parseRunRecord } from '../../../src/shared/runs';
import { runCli } from '../../../src/main/cli/main';
import type { TrainingSummary } from '../../../src/shared/training';
import { fashionFiles, syntheticSplit, writeFiles } from '../datasets/idx-fixtures';
import { capturedIo } from '../helpers/cli-io';

let root: string;
let dataDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'd2l-classify-out-'));
  dataDir = join(root, 'data');
  writeFiles(dataDirFashionFolder(dataDir), fashionFiles(syntheticSplit(200, 21), syntheticSplit(60, 22)));
  clearDatasetMemory();
});
afterAll(() => {
  configureDatasets({});
  clearDatasetMemory();
  rmSync(root, { recursive: true, force: true });
});

describe('a saved classifier run', () => {
  let summary: TrainingSummary;
  let store: RunStore;
  beforeAll(async () => {
    configureDatasets({ dataDir, cacheFile: false });
    summary = runExperiment({ experiment: 'softmax-concise', hyperparameters: { epochs: 2, batchSize: 50 }, seed: 3 });
    store = new RunStore(dataDir);
    await trainingRecorder(store)({ runId: 'run-classify-1', summary }, undefined);
  });

  it('keeps the confusion matrix and the prediction grid', async () => {
    const record = await store.get('run-classify-1');
    expect(record.classification).toEqual(summary.classification);
    expect(record.classification!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(60);
    expect(record.epochs[1]).toMatchObject({ trainAccuracy: summary.epochs[1]!.trainAccuracy, testAccuracy: summary.epochs[1]!.testAccuracy });
  });

  it('refuses a record whose prediction grid does not add up', async () => {
    const record = structuredClone(await store.get('run-classify-1'));
    expect(parseRunRecord(record).ok).toBe(true);
    record.classification!.predictions.predicted.pop();
    expect(parseRunRecord(record)).toEqual({ ok: false, reason: expect.stringMatching(/same length/) });
    const accuracy = structuredClone(await store.get('run-classify-1'));
    accuracy.classification!.testAccuracy = 1.5;
    expect(parseRunRecord(accuracy)).toEqual({ ok: false, reason: 'classification.testAccuracy: must be ≤ 1' });
  });
});

describe('train <classifier> --data-dir', () => {
  it('reads the dataset from --data-dir and prints the trio; --json carries the classification', async () => {
    configureDatasets({});
    const io = capturedIo();
    const code = await runCli(['train', 'softmax-concise', '--epochs', '1', '--batch-size', '50', '--data-dir', dataDir, '--no-save'], io);
    expect(io.stderr).not.toMatch(/failed/);
    expect(code).toBe(0);
    expect(io.stdout).toMatch(/\nepoch 1, loss \d\.\d{4}, train acc \d\.\d{3}, test acc \d\.\d{3}\n/);
    const json = capturedIo();
    await runCli(['train', 'softmax-concise', '--epochs', '1', '--batch-size', '50', '--data-dir', dataDir, '--no-save', '--json'], json);
    const report = JSON.parse(json.stdout) as { classification: { confusion: number[][]; predictions: { predicted: number[] } } };
    expect(report.classification.confusion).toHaveLength(10);
    expect(report.classification.predictions.predicted).toHaveLength(18);
  });
});

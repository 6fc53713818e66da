// The training worker reads Fashion-MNIST from the service's data directory (`serve --data-dir`),
// and a model too large to stream live sends no parameter snapshots (its summary has them).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingProgress } from '../../../src/shared/training';
import { TrainingService } from '../../../src/main/services/training';
import { dataDirFashionFolder } from '../../../src/main/services/datasets';
import { fashionFiles, syntheticSplit, writeFiles } from '../datasets/idx-fixtures';
import { ensureWorkerBuilt } from './build-worker';

let workerPath = '';
let root = '';
beforeAll(async () => {
  workerPath = await ensureWorkerBuilt();
  root = mkdtempSync(join(tmpdir(), 'd2l-service-data-'));
  writeFiles(dataDirFashionFolder(root), fashionFiles(syntheticSplit(200, 5), syntheticSplit(50, 6)));
}, 240_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('TrainingService with a data directory', () => {
  it('trains mlp-concise on the data directory\'s images, streaming no snapshots of its 203k parameters', async () => {
    const progress: TrainingProgress[] = [];
    const service = new TrainingService({
      events: { emit: (name, payload) => { if (name === 'training.progress') progress.push(payload as TrainingProgress); } },
      workerPath,
      dataDir: root,
    });
    try {
      const runId = service.start({ experiment: 'mlp-concise', hyperparameters: { epochs: 2, batchSize: 50 } });
      const finished = await service.whenFinished(runId);
      expect(finished.status).toBe('completed');
      // 200 training images in batches of 50: 4 steps an epoch (the system copy would have 60 000).
      expect(finished.summary.totalSteps).toBe(8);
      expect(finished.summary.classification!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(50);
      expect(progress.some((p) => p.snapshot)).toBe(false);
      expect(progress.flatMap((p) => p.epochMetrics).map((e) => e.epoch)).toEqual([1, 2]);
      expect(finished.summary.params['1.weight']!.shape).toEqual([256, 784]);
    } finally {
      await service.dispose();
    }
  });
});

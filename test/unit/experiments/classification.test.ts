import { EXPERIMENTS } from '../helpers/catalog';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExperiment } from '../../../src/main/services/training/runner';
import { clearDatasetMemory, configureDatasets, loadFashionMnist, SYSTEM_FASHION_DIR } from '../../../src/main/services/datasets';
import type { DatasetView, TrainingSummary } from '../../../src/shared/training';
import { validateTrainingRequest } from '../../../src/shared/training';
import { fashionFiles, syntheticSplit, writeFiles } from '../datasets/idx-fixtures';
import { FashionLoader } from '../../../src/main/experiments/fashion-data';
import { evaluateAccuracy } from '../../../src/main/experiments/classify-loop';
import { Generator, zeros } from '../../../src/main/engine';

let root: string;
let synthetic: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'd2l-classify-'));
  synthetic = writeFiles(join(root, 'synthetic'), fashionFiles(syntheticSplit(300, 11), syntheticSplit(100, 12)));
  useDir(synthetic);
});
afterAll(() => {
  configureDatasets({});
  clearDatasetMemory();
  rmSync(root, { recursive: true, force: true });
});

function useDir(dir: string): void {
  configureDatasets({ dataDir: join(root, 'data'), searchDirs: [{ dir, kind: 'custom' }], cacheFile: false });
}

function train(experiment: string, hyperparameters: Record<string, number>, seed = 1, onView?: (v: DatasetView) => void): TrainingSummary {
  return runExperiment({ experiment, hyperparameters, seed }, onView ? { dataset: onView } : {});
}

const last = <T>(xs: readonly T[]): T => xs[xs.length - 1]!;

describe('FashionLoader', () => {
  const split = { count: 10, pixels: new Uint8Array(10 * 784), labels: new Uint8Array(10) };
  for (let i = 0; i < 10; i++) {
    split.labels[i] = 9 - i;
    for (let p = 0; p < 784; p++) split.pixels[i * 784 + p] = (i * 31 + p) % 256;
  }

  it('yields (B, 1, 28, 28) batches scaled like ToTensor, the last one short', () => {
    // Read each batch before drawing the next: the loader reuses its buffers.
    const batches: Array<readonly [readonly number[], number[], number]> = [];
    for (const [X, y] of new FashionLoader(split, { batchSize: 4, shuffle: false })) batches.push([X.shape, Array.from(y.values), X.values[1]!]);
    expect(batches.map((b) => b[0])).toEqual([[4, 1, 28, 28], [4, 1, 28, 28], [2, 1, 28, 28]]);
    expect(batches.flatMap((b) => b[1])).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    // pixel 1 of image 0 is 1 → float32(1 / 255); image 4 → (124 + 1) / 255.
    expect(batches[0]![2]).toBe(Math.fround(1 / 255));
    expect(batches[1]![2]).toBe(Math.fround(125 / 255));
  });

  it('shuffles with the run generator: every image once per epoch, same seed same order', () => {
    const order = (seed: number) => {
      const labels: number[] = [];
      for (const [X, y] of new FashionLoader(split, { batchSize: 3, shuffle: true, rng: new Generator(seed) })) {
        y.values.forEach((label, r) => {
          labels.push(label);
          // The image travels with its label.
          const i = 9 - label;
          expect(X.values[r * 784 + 5]).toBe(Math.fround(((i * 31 + 5) % 256) / 255));
        });
      }
      return labels;
    };
    const a = order(1);
    expect([...a].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order(1)).toEqual(a);
    expect(order(2)).not.toEqual(a);
  });
});

describe('softmax-concise on ten easy synthetic classes', () => {
  let s: TrainingSummary;
  const views: DatasetView[] = [];
  beforeAll(() => {
    s = train('softmax-concise', { epochs: 5, batchSize: 32 }, 1, (v) => views.push(v));
  });

  it('beats chance (0.1) by a wide margin', () => {
    expect(s.status).toBe('completed');
    expect(last(s.epochs).testAccuracy).toBeGreaterThan(0.6);
    expect(last(s.epochs).trainAccuracy).toBeGreaterThan(0.6);
    expect(last(s.epochs).loss).toBeLessThan(s.epochs[0]!.loss);
  });

  it('reports the train_ch3 trio every epoch and one batch loss per step', () => {
    expect(s.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    for (const e of s.epochs) {
      expect(e.trainAccuracy).toBeGreaterThanOrEqual(0);
      expect(e.testAccuracy).toBeLessThanOrEqual(1);
    }
    expect(s.totalSteps).toBe(5 * Math.ceil(300 / 32));
    expect(s.stepLosses).toHaveLength(s.totalSteps);
    // The first batch of a fresh 10-class model sits near ln 10.
    expect(s.stepLosses[0]).toBeCloseTo(Math.log(10), 0);
  });

  it('leaves a confusion matrix over the whole test set and an 18-image prediction grid', () => {
    const c = s.classification!;
    expect(c.confusion).toHaveLength(10);
    expect(c.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
    const diagonal = c.confusion.reduce((a, row, i) => a + row[i]!, 0);
    expect(diagonal / 100).toBeCloseTo(c.testAccuracy, 10);
    expect(c.testAccuracy).toBe(last(s.epochs).testAccuracy);
    expect(c.predictions.indices).toEqual(Array.from({ length: 18 }, (_, i) => i));
    expect(c.predictions.labels).toEqual(c.predictions.indices.map((i) => i % 10));
    expect(c.predictions.predicted).toHaveLength(18);
    expect(Buffer.from(c.predictions.pixels, 'base64')).toHaveLength(18 * 784);
  });

  it('hands the data panel the first 18 training images with labels', () => {
    expect(views).toHaveLength(1);
    expect(views[0]!.images!.labels).toEqual(Array.from({ length: 18 }, (_, i) => i % 10));
  });

  it('names its parameters as the PyTorch state_dict does', () => {
    expect(Object.keys(s.params)).toEqual(['1.weight', '1.bias']);
    expect(s.params['1.weight']!.shape).toEqual([10, 784]);
  });
});

describe.each([
  ['softmax-scratch', { W: [784, 10], b: [10] }],
  ['mlp-scratch', { W1: [784, 256], b1: [256], W2: [256, 10], b2: [10] }],
  ['mlp-concise', { '1.weight': [256, 784], '1.bias': [256], '3.weight': [10, 256], '3.bias': [10] }],
  ['dropout', { '1.weight': [256, 784], '1.bias': [256], '4.weight': [256, 256], '4.bias': [256], '7.weight': [10, 256], '7.bias': [10] }],
] as const)('%s', (id, shapes) => {
  it('learns the synthetic classes and keeps the book\'s parameter names', () => {
    const s = train(id, { epochs: 4, batchSize: 20 });
    expect(s.status).toBe('completed');
    expect(last(s.epochs).testAccuracy).toBeGreaterThan(0.6);
    expect(Object.fromEntries(Object.entries(s.params).map(([k, p]) => [k, p.shape]))).toEqual(shapes);
  });
});

describe('determinism', () => {
  it('the same seed gives the same run; another seed does not', () => {
    const a = train('dropout', { epochs: 1, batchSize: 50 }, 7);
    const b = train('dropout', { epochs: 1, batchSize: 50 }, 7);
    const c = train('dropout', { epochs: 1, batchSize: 50 }, 8);
    expect(b.stepLosses).toEqual(a.stepLosses);
    expect(b.epochs).toEqual(a.epochs);
    expect(b.params).toEqual(a.params);
    expect(c.stepLosses).not.toEqual(a.stepLosses);
  });

  it('dropout is off under eval(): test accuracy matches a re-evaluation of the same weights', () => {
    // With dropout active during evaluation, two evaluations would differ; train_ch3 evaluates
    // after each epoch, so the confusion matrix (evaluated again) must agree with the epoch's accuracy.
    const s = train('dropout', { epochs: 1, batchSize: 50, dropout1: 0.9, dropout2: 0.9 }, 3);
    expect(s.classification!.testAccuracy).toBe(last(s.epochs).testAccuracy);
  });
});

describe('a Stop during evaluation', () => {
  it('evaluate_accuracy reads the stop flag before every test batch', () => {
    const split = { count: 100, pixels: new Uint8Array(100 * 784), labels: new Uint8Array(100) };
    let checks = 0;
    const net = { forward: (X: { shape: readonly number[] }) => zeros([X.shape[0]!, 10]) };
    const r = evaluateAccuracy({ checkStop: () => void checks++ }, net, new FashionLoader(split, { batchSize: 8, shuffle: false }));
    expect(checks).toBe(Math.ceil(100 / 8));
    expect(r.predicted).toHaveLength(100);
  });

  for (const id of ['softmax-concise', 'softmax-scratch', 'mlp-scratch', 'mlp-concise', 'dropout']) {
    it(`${id}: a cancel after the epoch's last step ends the run inside the test-set pass, before the epoch is reported`, () => {
      const stepsPerEpoch = Math.ceil(300 / 50);
      let steps = 0;
      const s = runExperiment(
        { experiment: id, hyperparameters: { epochs: 2, batchSize: 50 }, seed: 1 },
        { step: (n) => (steps = n) },
        () => steps >= stepsPerEpoch,
      );
      expect(s.status).toBe('cancelled');
      // Without the check in evaluate_accuracy the run would end only after reporting epoch 1.
      expect(s.message).toBe(`cancelled at epoch 1, after step ${stepsPerEpoch}`);
      expect(s.epochs).toEqual([]);
      expect(s.stepLosses).toHaveLength(stepsPerEpoch);
    });
  }
});

describe('a missing dataset', () => {
  it('fails the run at once with where it looked and how to fix it', () => {
    useDir(join(root, 'nowhere'));
    try {
      const s = train('mlp-concise', {});
      expect(s.status).toBe('failed');
      expect(s.message).toMatch(/^Fashion-MNIST not found\. Looked in: .*nowhere \(missing train-images-idx3-ubyte\.gz/);
      expect(s.message).toContain('sudo apt-get install dataset-fashion-mnist');
      expect(s.message).toContain('import the four files');
      expect(s.stepLosses).toEqual([]);
    } finally {
      useDir(synthetic);
    }
  });
});

describe('activations (4.1)', () => {
  it('computes relu, sigmoid and tanh and their autograd derivatives on linspace(-8, 8, 161)', () => {
    const s = train('activations', {});
    expect(s.status).toBe('completed');
    expect(s.totalSteps).toBe(0);
    const { x, curves } = s.activations!;
    expect(x).toHaveLength(161);
    expect(x[0]).toBe(-8);
    expect(x[160]).toBe(8);
    expect(curves.map((c) => c.name)).toEqual(['relu', 'sigmoid', 'tanh']);
    const [relu, sigmoid, tanh] = curves;
    x.forEach((xi, i) => {
      expect(relu!.y[i]).toBe(Math.max(xi, 0));
      if (xi !== 0) expect(relu!.grad[i]).toBe(xi > 0 ? 1 : 0);
      const sg = 1 / (1 + Math.exp(-xi));
      expect(sigmoid!.y[i]).toBeCloseTo(sg, 6);
      expect(sigmoid!.grad[i]).toBeCloseTo(sg * (1 - sg), 6);
      expect(tanh!.grad[i]).toBeCloseTo(1 - Math.tanh(xi) ** 2, 6);
    });
  });
});

describe('validation', () => {
  it('takes the book defaults and refuses a dropout probability above 1', () => {
    const ok = validateTrainingRequest({ experiment: 'dropout', hyperparameters: {} }, EXPERIMENTS);
    expect(ok.ok && ok.config.hyperparameters).toEqual({ epochs: 10, lr: 0.5, batchSize: 256, dropout1: 0.2, dropout2: 0.5 });
    const bad = validateTrainingRequest({ experiment: 'dropout', hyperparameters: { dropout2: 1.5 } }, EXPERIMENTS);
    expect(bad).toEqual({ ok: false, message: 'dropout2 must be ≥ 0 and ≤ 1, got 1.5', field: 'dropout2' });
  });
});

const realData = existsSync(join(SYSTEM_FASHION_DIR, 'train-images-idx3-ubyte.gz'));

describe.runIf(realData)('on real Fashion-MNIST (first 2000 training / 1000 test images)', () => {
  it('mlp-concise reaches > 0.6 test accuracy', () => {
    const full = loadFashionMnist(join(root, 'data'), { searchDirs: [{ dir: SYSTEM_FASHION_DIR, kind: 'system' }], cacheFile: false });
    const cut = (split: typeof full.train, n: number) => ({ pixels: split.pixels.slice(0, n * 784), labels: split.labels.slice(0, n) });
    const dir = writeFiles(join(root, 'real-subset'), fashionFiles(cut(full.train, 2000), cut(full.test, 1000)));
    clearDatasetMemory();
    useDir(dir);
    try {
      const s = train('mlp-concise', { epochs: 5, batchSize: 64 }, 1);
      expect(s.status).toBe('completed');
    expect(last(s.epochs).testAccuracy).toBeGreaterThan(0.6);
    } finally {
      useDir(synthetic);
    }
  });
});

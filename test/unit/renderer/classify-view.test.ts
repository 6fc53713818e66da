import { findExperiment } from '../helpers/catalog';
import { describe, expect, it } from 'vitest';
import {
  accuracySeries, activationLines, confusionView, decodePixels, fashionLabel, gridCells, imagePixels, percent, toRgba, weightNormSeries,
} from '../../../src/renderer/src/lib/classify-view';
import { toEpochPoint } from '../../../src/renderer/src/lib/chart-data';
import { alignSteps, newEpochs } from '../../../src/renderer/src/lib/progress-align';
import { StepBuckets } from '../../../src/renderer/src/lib/step-buckets';
import { savedRunView } from '../../../src/renderer/src/lib/saved-run';
import { bytesToBase64 } from '../../../src/renderer/src/lib/files';
import type { DatasetSamples } from '../../../src/shared/datasets';
import type { RunRecord } from '../../../src/shared/runs';
import type { ClassificationReport } from '../../../src/shared/training';

function samples(labels: number[]): DatasetSamples {
  const pixels = new Uint8Array(labels.length * 784);
  labels.forEach((_, i) => pixels.fill(i * 10, i * 784, (i + 1) * 784));
  return { split: 'test', indices: labels.map((_, i) => i + 100), labels, width: 28, height: 28, pixels: bytesToBase64(pixels) };
}

describe('image grids', () => {
  it('labels images in both languages, an unknown class by its number', () => {
    expect(fashionLabel('en', 9)).toBe('ankle boot');
    expect(fashionLabel('zh', 0)).toBe('T恤');
    expect(fashionLabel('en', 12)).toBe('12');
  });

  it('marks each prediction right or wrong against its true label', () => {
    const cells = gridCells(samples([9, 2, 1]), 'en', [9, 6, 1]);
    expect(cells.map((c) => [c.index, c.labelText, c.predictedText, c.correct])).toEqual([
      [100, 'ankle boot', 'ankle boot', true],
      [101, 'pullover', 'shirt', false],
      [102, 'trouser', 'trouser', true],
    ]);
    expect(gridCells(samples([3]), 'zh')[0]).toEqual({ slot: 0, index: 100, label: 3, labelText: '连衣裙' });
  });

  it('cuts image i out of the base64 pixels and paints it as opaque grey RGBA', () => {
    const all = decodePixels(samples([0, 1, 2]));
    expect(all).toHaveLength(3 * 784);
    const second = imagePixels(all, 1, 28, 28)!;
    expect(second).toHaveLength(784);
    expect(second[0]).toBe(10);
    expect(imagePixels(all, 3, 28, 28)).toBeUndefined();
    expect([...toRgba(Uint8Array.from([0, 200]), false)]).toEqual([0, 0, 0, 255, 200, 200, 200, 255]);
    expect([...toRgba(Uint8Array.from([0, 200]), true)]).toEqual([255, 255, 255, 255, 55, 55, 55, 255]);
    expect(decodePixels({ ...samples([0]), pixels: '%%%' })).toHaveLength(0);
  });
});

describe('accuracy and weight-norm series', () => {
  const epochs = [
    toEpochPoint({ epoch: 1, loss: 0.78, trainAccuracy: 0.75, testAccuracy: 0.78 }),
    toEpochPoint({ epoch: 2, loss: Number.NaN, trainAccuracy: 0.81, testAccuracy: 0.8 }),
  ];

  it('keeps the book\'s trio per epoch, skipping what is not finite', () => {
    expect(epochs[1]).toEqual({ epoch: 2, loss: null, trainAccuracy: 0.81, testAccuracy: 0.8 });
    expect(accuracySeries(epochs)).toEqual({ trainLoss: [[1, 0.78]], trainAcc: [[1, 0.75], [2, 0.81]], testAcc: [[1, 0.78], [2, 0.8]] });
  });

  it('takes ‖w‖ per epoch from weightNorm', () => {
    const wd = [toEpochPoint({ epoch: 5, loss: 1, testLoss: 2, weightNorm: 0.4 }), toEpochPoint({ epoch: 10, loss: 1, weightNorm: Infinity })];
    expect(wd[0]).toEqual({ epoch: 5, loss: 1, testLoss: 2, weightNorm: 0.4 });
    expect(weightNormSeries(wd)).toEqual([[5, 0.4]]);
    expect(weightNormSeries(epochs)).toEqual([]);
  });

  it('formats accuracies as percentages', () => {
    expect(percent(0.8312)).toBe('83.1%');
    expect(percent(null)).toBe('—');
  });
});

describe('confusion matrix', () => {
  it('gives heatmap cells (predicted, true, count), totals, per-class accuracy and the top mistakes', () => {
    const v = confusionView([[8, 2, 0], [0, 5, 5], [1, 3, 6]], 2);
    expect(v.cells).toHaveLength(9);
    expect(v.cells[1]).toEqual([1, 0, 2]);
    expect(v.total).toBe(30);
    expect(v.correct).toBe(19);
    expect(v.max).toBe(8);
    expect(v.perClass).toEqual([0.8, 0.5, 0.6]);
    expect(v.mistakes).toEqual([{ truth: 1, predicted: 2, count: 5 }, { truth: 2, predicted: 1, count: 3 }]);
    expect(confusionView([[0]]).perClass).toEqual([0]);
  });
});

describe('activation lines', () => {
  it('returns each function, then each gradient, as (x, y) pairs', () => {
    const lines = activationLines({ x: [-1, 0, 1], curves: [{ name: 'relu', y: [0, 0, 1], grad: [0, 0, 1] }, { name: 'tanh', y: [-0.76, 0, 0.76], grad: [0.42, 1, 0.42] }] });
    expect(lines.map((l) => `${l.id}:${l.kind}`)).toEqual(['relu:value', 'tanh:value', 'relu-grad:grad', 'tanh-grad:grad']);
    expect(lines[3]!.points).toEqual([[-1, 0.42], [0, 1], [1, 0.42]]);
    expect(activationLines(undefined)).toEqual([]);
  });
});

describe('following a run from the middle (reload, reconnect)', () => {
  it('skips the steps it never saw and drops the ones it already has', () => {
    expect(alignSteps(0, { step: 100, stepLosses: [1, 2, 3] })).toEqual({ skip: 97, losses: [1, 2, 3] });
    expect(alignSteps(97, { step: 100, stepLosses: [1, 2, 3] })).toEqual({ skip: 0, losses: [1, 2, 3] });
    expect(alignSteps(98, { step: 100, stepLosses: [1, 2, 3] })).toEqual({ skip: 0, losses: [2, 3] });
    expect(alignSteps(120, { step: 100, stepLosses: [1, 2, 3] })).toEqual({ skip: 0, losses: [] });
    expect(newEpochs(2, [{ epoch: 2, loss: 1 }, { epoch: 3, loss: 0.5 }])).toEqual([{ epoch: 3, loss: 0.5 }]);
    // A thinned event (group means of 3 steps over 5 steps) counts every step it stands for.
    expect(alignSteps(10, { step: 15, stepLosses: [4, 9], stepEvery: 3, stepCount: 5 })).toEqual({ skip: 0, losses: [4, 4, 4, 9, 9] });
    expect(alignSteps(12, { step: 15, stepLosses: [4, 9], stepEvery: 3, stepCount: 5 })).toEqual({ skip: 0, losses: [4, 9, 9] });
  });

  it('places losses after a gap at their true steps, drawing nothing for the gap', () => {
    const b = new StepBuckets(4);
    b.skip(6);
    b.pushAll([1, 3]);
    expect(b.total).toBe(8);
    expect(b.every).toBe(2);
    expect(b.points()).toEqual([{ step: 7.5, loss: 2 }]);
    const big = new StepBuckets(2000);
    big.skip(10_000_000);
    big.push(5);
    expect(big.length).toBeLessThanOrEqual(2000);
    expect(big.points()).toHaveLength(1);
    expect(big.points()[0]!.step).toBeGreaterThan(9_990_000);
  });
});

describe('a saved classifier run', () => {
  it('restores the accuracy epochs and the classification report', () => {
    const classification: ClassificationReport = {
      testAccuracy: 0.5, confusion: [[1, 1], [0, 2]], predictions: { ...samples([0, 1]), predicted: [0, 0] },
    };
    const record: RunRecord = {
      schemaVersion: 1, id: 'r1', experiment: 'softmax-concise', section: '3.7',
      config: { experiment: 'softmax-concise', hyperparameters: { epochs: 1, lr: 0.1, batchSize: 256 }, seed: 42 },
      status: 'completed', backend: 'ts', createdAt: '2026-01-01T00:00:00.000Z', durations: { trainMs: 1 },
      epochs: [{ epoch: 1, loss: 0.7, trainAccuracy: 0.75, testAccuracy: 0.5 }],
      steps: { every: 1, losses: [0.9, 0.7] }, summary: { finalLoss: 0.7, epochsCompleted: 1, stepsCompleted: 2 },
      params: [], pinned: false, classification,
    };
    const view = savedRunView(record, undefined, findExperiment('softmax-concise'));
    expect(view.charts.classification).toBe(classification);
    expect(view.charts.epochs).toEqual([{ epoch: 1, loss: 0.7, trainAccuracy: 0.75, testAccuracy: 0.5 }]);
  });
});

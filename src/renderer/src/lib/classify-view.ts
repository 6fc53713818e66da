// What the classification panels draw, computed without the DOM: the image grids' cells, the
// book's Animator series (train loss, train acc, test acc per epoch), the confusion matrix as
// heatmap cells, 4.1's activation curves and 4.5's ‖w‖ per epoch.
import type { Lang } from '../../../shared/api';
import { FASHION_LABELS, type DatasetSamples } from '../../../shared/datasets';
import type { ActivationCurves } from '../../../shared/training';
import type { EpochPoint } from './chart-data';
import { base64ToBytes } from './files';

export type XY = [number, number];

export interface GridCell {
  /** Position in the samples (and in `pixels`). */
  slot: number;
  /** Index of the image in its split. */
  index: number;
  label: number;
  labelText: string;
  predicted?: number;
  predictedText?: string;
  /** Absent for a plain dataset grid. */
  correct?: boolean;
}

/** get_fashion_mnist_labels, in the UI's language; an unknown class shows as its number. */
export function fashionLabel(lang: Lang, label: number): string {
  return FASHION_LABELS[label]?.[lang] ?? String(label);
}

export function gridCells(samples: DatasetSamples, lang: Lang, predicted?: readonly number[]): GridCell[] {
  return samples.indices.map((index, slot) => {
    const label = samples.labels[slot] ?? -1;
    const cell: GridCell = { slot, index, label, labelText: fashionLabel(lang, label) };
    const p = predicted?.[slot];
    if (p !== undefined) {
      cell.predicted = p;
      cell.predictedText = fashionLabel(lang, p);
      cell.correct = p === label;
    }
    return cell;
  });
}

/** The grey values of image `slot` (784 bytes for 28 × 28), or undefined when the data is short. */
export function imagePixels(all: Uint8Array, slot: number, width: number, height: number): Uint8Array | undefined {
  const size = width * height;
  if ((slot + 1) * size > all.length) return undefined;
  return all.subarray(slot * size, (slot + 1) * size);
}

export function decodePixels(samples: DatasetSamples): Uint8Array {
  try {
    return base64ToBytes(samples.pixels);
  } catch {
    return new Uint8Array(0);
  }
}

/**
 * RGBA for a canvas. Fashion-MNIST stores 0 as the background; the book shows the images with
 * imshow's defaults, light garments on dark. `invert` draws dark on light for the light theme.
 */
export function toRgba(grey: Uint8Array, invert: boolean): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(new ArrayBuffer(grey.length * 4));
  for (let i = 0; i < grey.length; i++) {
    const g = invert ? 255 - grey[i]! : grey[i]!;
    out[i * 4] = g;
    out[i * 4 + 1] = g;
    out[i * 4 + 2] = g;
    out[i * 4 + 3] = 255;
  }
  return out;
}

export interface AccuracySeries {
  trainLoss: XY[];
  trainAcc: XY[];
  testAcc: XY[];
}

/** The book's Animator(legend=['train loss', 'train acc', 'test acc']); non-finite values are skipped. */
export function accuracySeries(epochs: readonly EpochPoint[]): AccuracySeries {
  const pick = (key: 'loss' | 'trainAccuracy' | 'testAccuracy'): XY[] => {
    const out: XY[] = [];
    for (const e of epochs) {
      const v = e[key];
      if (typeof v === 'number' && Number.isFinite(v)) out.push([e.epoch, v]);
    }
    return out;
  };
  return { trainLoss: pick('loss'), trainAcc: pick('trainAccuracy'), testAcc: pick('testAccuracy') };
}

/** ‖w‖ per epoch (4.5). */
export function weightNormSeries(epochs: readonly EpochPoint[]): XY[] {
  const out: XY[] = [];
  for (const e of epochs) if (typeof e.weightNorm === 'number' && Number.isFinite(e.weightNorm)) out.push([e.epoch, e.weightNorm]);
  return out;
}

export interface ConfusionView {
  /** [predicted, true, count] per cell, as an ECharts heatmap takes them (x = predicted, y = true). */
  cells: Array<[number, number, number]>;
  max: number;
  total: number;
  correct: number;
  /** Per true class: share of its images predicted right (recall). */
  perClass: number[];
  /** The largest off-diagonal cells, most frequent first. */
  mistakes: Array<{ truth: number; predicted: number; count: number }>;
}

export function confusionView(confusion: readonly (readonly number[])[], topMistakes = 3): ConfusionView {
  const cells: ConfusionView['cells'] = [];
  const mistakes: ConfusionView['mistakes'] = [];
  const perClass: number[] = [];
  let max = 0;
  let total = 0;
  let correct = 0;
  confusion.forEach((row, t) => {
    let rowTotal = 0;
    row.forEach((count, p) => {
      cells.push([p, t, count]);
      max = Math.max(max, count);
      total += count;
      rowTotal += count;
      if (p === t) correct += count;
      else if (count > 0) mistakes.push({ truth: t, predicted: p, count });
    });
    perClass.push(rowTotal === 0 ? 0 : (row[t] ?? 0) / rowTotal);
  });
  mistakes.sort((a, b) => b.count - a.count || a.truth - b.truth || a.predicted - b.predicted);
  return { cells, max, total, correct, perClass, mistakes: mistakes.slice(0, topMistakes) };
}

export interface ActivationLine {
  id: string;
  name: string;
  /** 'value' for f(x), 'grad' for f'(x). */
  kind: 'value' | 'grad';
  fn: string;
  points: XY[];
}

/** Each function and its derivative as (x, y) lines, functions first. */
export function activationLines(a: ActivationCurves | undefined): ActivationLine[] {
  if (!a) return [];
  const zip = (ys: readonly number[]): XY[] => a.x.map((x, i) => [x, ys[i]!] as XY).filter(([, y]) => Number.isFinite(y));
  const values = a.curves.map((c): ActivationLine => ({ id: `${c.name}`, name: `${c.name}(x)`, kind: 'value', fn: c.name, points: zip(c.y) }));
  const grads = a.curves.map((c): ActivationLine => ({ id: `${c.name}-grad`, name: `grad of ${c.name}`, kind: 'grad', fn: c.name, points: zip(c.grad) }));
  return [...values, ...grads];
}

/** 0.8312 → "83.1%". */
export function percent(x: number | null | undefined, digits = 1): string {
  return typeof x === 'number' && Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—';
}

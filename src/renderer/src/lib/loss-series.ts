// The loss chart's series, on an epoch axis: step s of a run with k steps per epoch sits at
// x = s / k, epoch e's full-set loss at x = e, so per-step and per-epoch losses share one axis
// and runs with different batch sizes can be overlaid. Nothing non-finite is kept, and on a log
// axis nothing ≤ 0 either (log 0 is −∞).
import type { EpochPoint } from './chart-data';
import { emaSmooth } from './smoothing';
import type { StepPoint } from './step-buckets';
import type { XY } from './fit';

export interface LossSeries {
  batch: XY[];
  smoothed: XY[];
  train: XY[];
  test: XY[];
}

export function drawable(y: number | null | undefined, logY: boolean): y is number {
  return y !== null && y !== undefined && Number.isFinite(y) && (!logY || y > 0);
}

export function lossSeries(steps: readonly StepPoint[], epochs: readonly EpochPoint[], stepsPerEpoch: number, smoothing: number, logY: boolean): LossSeries {
  const perEpoch = stepsPerEpoch > 0 ? stepsPerEpoch : 1;
  const kept = steps.filter((p) => drawable(p.loss, logY));
  const batch: XY[] = kept.map((p) => [p.step / perEpoch, p.loss]);
  const smoothedValues = smoothing > 0 ? emaSmooth(kept.map((p) => p.loss), smoothing) : [];
  const smoothed: XY[] = [];
  smoothedValues.forEach((y, i) => {
    if (drawable(y, logY)) smoothed.push([batch[i]![0], y]);
  });
  const train: XY[] = [];
  const test: XY[] = [];
  for (const e of epochs) {
    if (drawable(e.loss, logY)) train.push([e.epoch, e.loss]);
    if (drawable(e.testLoss, logY)) test.push([e.epoch, e.testLoss]);
  }
  return { batch, smoothed, train, test };
}

/** Steps per epoch from a config: the experiment's training-set size over the batch size. */
export function stepsPerEpochOf(totalSteps: number, epochs: number | undefined): number {
  return epochs && epochs > 0 && totalSteps > 0 ? totalSteps / epochs : 1;
}

/** Tooltip numbers: 4 significant digits, exponent for small losses. */
export function formatLoss(y: number): string {
  if (!Number.isFinite(y)) return String(y);
  const a = Math.abs(y);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? y.toExponential(3) : String(Number(y.toPrecision(4)));
}

/** Axis labels: "0.5", "1e-4", "1e+5" (no trailing zeros in the mantissa). */
export function formatTick(y: number): string {
  if (!Number.isFinite(y)) return String(y);
  const a = Math.abs(y);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return y.toExponential(2).replace(/\.?0+e/, 'e');
  return String(Number(y.toPrecision(4)));
}

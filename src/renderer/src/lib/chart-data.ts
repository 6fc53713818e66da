// What the charts of one run draw, whether it is training now or was opened from the run store.
import type { ClassificationReport, DatasetView, ParamMap } from '../../../shared/training';
import type { StepPoint } from './step-buckets';

export interface EpochPoint {
  epoch: number;
  /** null: not finite (a diverged run), never drawn. */
  loss: number | null;
  testLoss?: number | null;
  /** Classifiers: the book's train_ch3 accuracies. */
  trainAccuracy?: number | null;
  testAccuracy?: number | null;
  /** 4.5: ‖w‖₂ at the end of the epoch. */
  weightNorm?: number | null;
}

export interface ChartData {
  steps: StepPoint[];
  /** Steps per saved/drawn point (1 until the series is thinned). */
  stepsEvery: number;
  epochs: EpochPoint[];
  params?: ParamMap;
  dataset?: DatasetView;
  /** Classifiers, after training: test confusion matrix and the prediction grid. */
  classification?: ClassificationReport;
}

export const EMPTY_CHART_DATA: ChartData = { steps: [], stepsEvery: 1, epochs: [] };

export function finiteOrNull(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}

const OPTIONAL_EPOCH_METRICS = ['testLoss', 'trainAccuracy', 'testAccuracy', 'weightNorm'] as const;

/** An epoch's metrics as the charts keep them, from a live event or a saved run (null: not finite). */
export function toEpochPoint(m: { epoch: number; loss: number | null } & { [K in (typeof OPTIONAL_EPOCH_METRICS)[number]]?: number | null }): EpochPoint {
  const e: EpochPoint = { epoch: m.epoch, loss: finiteOrNull(m.loss) };
  for (const key of OPTIONAL_EPOCH_METRICS) if (m[key] !== undefined) e[key] = finiteOrNull(m[key]);
  return e;
}

// What the charts of one run draw, whether it is training now or was opened from the run store.
import type { DatasetView, ParamMap } from '../../../shared/training';
import type { StepPoint } from './step-buckets';

export interface EpochPoint {
  epoch: number;
  /** null: not finite (a diverged run), never drawn. */
  loss: number | null;
  testLoss?: number | null;
}

export interface ChartData {
  steps: StepPoint[];
  /** Steps per saved/drawn point (1 until the series is thinned). */
  stepsEvery: number;
  epochs: EpochPoint[];
  params?: ParamMap;
  dataset?: DatasetView;
}

export const EMPTY_CHART_DATA: ChartData = { steps: [], stepsEvery: 1, epochs: [] };

export function finiteOrNull(x: number | null | undefined): number | null {
  return x !== null && x !== undefined && Number.isFinite(x) ? x : null;
}

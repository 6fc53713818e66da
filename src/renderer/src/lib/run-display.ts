// What the experiment panel shows of a run, live or opened from the run store.
import type { ChartData } from './chart-data';
import type { LiveStatus } from './live-run.svelte';

export interface RunDisplay {
  readonly runId: string;
  readonly status: LiveStatus;
  readonly epoch: number;
  readonly step: number;
  readonly totalSteps: number;
  readonly message: string | undefined;
  readonly backendLabel: string | undefined;
  readonly startedAt: number | undefined;
  readonly trainMs: number | undefined;
  readonly charts: ChartData;
  readonly config: { experiment: string; hyperparameters: Record<string, number>; seed: number };
  readonly active: boolean;
  /** Steps already done when this page began following the run (the ETA counts from there). */
  readonly stepAtStart?: number;
}

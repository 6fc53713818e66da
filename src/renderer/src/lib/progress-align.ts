// Lines a progress event up with what a page already holds. Events carry only what happened
// since the previous one: the losses of steps (step − n, step] and the epochs that ended. A page
// that started following a run late (reload, reconnect) or saw an event twice must neither shift
// the curve nor draw a point twice.
import type { EpochMetrics } from '../../../shared/training';

export interface AlignedSteps {
  /** Steps this page never received, to leave empty before `losses`. */
  skip: number;
  /** The event's losses that are new to this page. */
  losses: number[];
}

/** One loss per step: a thinned event's group means repeated over the steps they stand for. */
export function perStepLosses(event: { stepLosses: readonly number[]; stepEvery?: number; stepCount?: number }): number[] {
  const every = event.stepEvery ?? 1;
  if (every <= 1) return [...event.stepLosses];
  const count = event.stepCount ?? event.stepLosses.length * every;
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = event.stepLosses[Math.min(event.stepLosses.length - 1, Math.floor(i / every))]!;
  return out;
}

/** `seen`: steps already counted on the page. */
export function alignSteps(seen: number, event: { step: number; stepLosses: readonly number[]; stepEvery?: number; stepCount?: number }): AlignedSteps {
  const losses = perStepLosses(event);
  const before = event.step - losses.length;
  if (before >= seen) return { skip: before - seen, losses };
  return { skip: 0, losses: losses.slice(Math.min(losses.length, seen - before)) };
}

/** The event's epochs after the last one the page has. */
export function newEpochs(lastEpoch: number, metrics: readonly EpochMetrics[]): EpochMetrics[] {
  return metrics.filter((m) => m.epoch > lastEpoch);
}

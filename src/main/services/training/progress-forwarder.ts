// Coalesces a run's progress into at most one event per interval (≤ 30/s by default). Nothing is
// dropped: step losses and epoch metrics that arrive between events are concatenated into the
// next one; only the parameter snapshot is replaced by the newest.
import type { DatasetView, EpochMetrics, ParamMap } from '../../../shared/training';
import { groupMeans } from '../../../shared/group-means';

export interface ProgressPart {
  stepLosses: number[];
  epochMetrics: EpochMetrics[];
  snapshot?: ParamMap;
  dataset?: DatasetView;
}

export const DEFAULT_PROGRESS_INTERVAL_MS = 1000 / 30;

/**
 * Most step points one progress event carries. Linear regression with batch size 1 makes ~200k
 * steps a second: sent one by one that is ~5 MB/s of JSON, more than a busy page reads, and the
 * web server drops a socket that falls 16 MB behind. Charts thin to 2000 points anyway.
 */
export const MAX_EVENT_STEP_POINTS = 1000;

/** The event's step losses, averaged in equal groups when there are more than `max`. */
export function thinEventSteps(losses: readonly number[], max = MAX_EVENT_STEP_POINTS): { stepLosses: number[]; stepEvery?: number; stepCount?: number } {
  if (losses.length <= max) return { stepLosses: [...losses] };
  const { every, means } = groupMeans(losses, max);
  return { stepLosses: means, stepEvery: every, stepCount: losses.length };
}

export class ProgressForwarder {
  private pending: ProgressPart = { stepLosses: [], epochMetrics: [] };
  private dirty = false;
  private lastEmit = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: (part: ProgressPart) => void,
    private readonly intervalMs = DEFAULT_PROGRESS_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Adds to what the next event carries; sends it now if the interval allows, else schedules it. */
  add(part: Partial<ProgressPart>): void {
    if (part.stepLosses) for (const x of part.stepLosses) this.pending.stepLosses.push(x);
    if (part.epochMetrics) this.pending.epochMetrics.push(...part.epochMetrics);
    if (part.snapshot) this.pending.snapshot = part.snapshot;
    if (part.dataset) this.pending.dataset = part.dataset;
    this.dirty = true;
    if (!this.timer) this.emitWhenDue();
  }

  private emitWhenDue(): void {
    // Timers can fire a little early against performance.now() (the event loop's clock is cached
    // in whole milliseconds), so the interval is checked again rather than trusted.
    const wait = this.lastEmit + this.intervalMs - this.now();
    if (wait <= 0) {
      this.flush();
    } else {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.emitWhenDue();
      }, Math.ceil(wait));
    }
  }

  /** Sends whatever is pending, ignoring the interval (used once, right before a run finishes). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty) return;
    const part = this.pending;
    this.pending = { stepLosses: [], epochMetrics: [] };
    this.dirty = false;
    this.lastEmit = this.now();
    this.emit(part);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

// Live training brings new chart data up to 30 times a second, and ECharts paints inside
// setOption, on the page's only thread. On a loaded machine one round of drawing every chart took
// longer than the gap between two events, so the thread never rested: clicks (Stop included)
// waited seconds. Every chart's data update goes through one pacer. Requests made together are
// drawn together in one round; after a round that took d ms, the next one waits at least
// idleRatio·d ms, so drawing keeps at most 1/(1 + idleRatio) of the thread however slow it gets.
// A quiet machine draws in a few ms, so it still redraws at the events' own pace.

export interface PacerClock {
  now: () => number;
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

const browserClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class DrawPacer {
  /** The latest draw asked for by each chart; an older one it replaces is never run. */
  private readonly pending = new Map<object, () => void>();
  private timer: unknown;
  private nextAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly idleRatio = 2,
    private readonly clock: PacerClock = browserClock,
  ) {}

  /** Asks for `draw` to run in the next round; `key` (the chart) keeps only its latest draw. */
  request(key: object, draw: () => void): void {
    this.pending.set(key, draw);
    if (this.timer !== undefined) return;
    // Never synchronous: the other charts updated by the same event join this round.
    const wait = Math.max(0, this.nextAt - this.clock.now());
    this.timer = this.clock.setTimer(() => {
      this.timer = undefined;
      this.round();
    }, wait);
  }

  /** Forgets the chart's pending draw (it was drawn another way, or it left the page). */
  cancel(key: object): void {
    this.pending.delete(key);
    if (this.pending.size === 0 && this.timer !== undefined) {
      this.clock.clearTimer(this.timer);
      this.timer = undefined;
    }
  }

  get waiting(): number {
    return this.pending.size;
  }

  private round(): void {
    const draws = [...this.pending.values()];
    this.pending.clear();
    const start = this.clock.now();
    for (const draw of draws) {
      // One chart's failure must not keep the others from drawing.
      try {
        draw();
      } catch (err) {
        console.error(err);
      }
    }
    const end = this.clock.now();
    this.nextAt = end + (end - start) * this.idleRatio;
  }
}

/** The page's one pacer, shared by every chart. */
export const chartPacer = new DrawPacer();

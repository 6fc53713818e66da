// "Watch it learn" (issue 14): a run that would end in a blink (3.3 trains in ~50 ms) is spread
// over a few seconds so the learner sees its loss fall and its line turn. Only time changes: the
// steps, and so the results, are exactly those of the same run at full speed.

export interface PacerClock {
  now(): number;
  /** Blocks this thread for up to `ms` (a stop may end it sooner). */
  sleep(ms: number): void;
}

export class Pacer {
  private readonly start: number;

  constructor(private readonly msPerStep: number, private readonly clock: PacerClock) {
    this.start = clock.now();
  }

  /** Spreads `totalSteps` over at least `ms`; undefined when there is nothing to spread. */
  static over(totalSteps: number, ms: number, clock: PacerClock): Pacer | undefined {
    return totalSteps > 0 && ms > 0 ? new Pacer(ms / totalSteps, clock) : undefined;
  }

  /** After step n (1-based): waits until n steps' share of the time has passed since the start. */
  afterStep(n: number): void {
    const wait = this.start + n * this.msPerStep - this.clock.now();
    if (wait > 0) this.clock.sleep(wait);
  }
}

/** A worker thread's clock: sleeps on the run's stop flag, so a Stop (store 1 + notify) wakes it at once. */
export function stopAwareClock(stop: Int32Array, index: number): PacerClock {
  return {
    now: () => performance.now(),
    sleep: (ms) => {
      Atomics.wait(stop, index, 0, ms);
    },
  };
}

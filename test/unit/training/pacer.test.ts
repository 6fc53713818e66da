import { describe, expect, it } from 'vitest';
import { Pacer, type PacerClock } from '../../../src/main/services/training/pacer';

/** A clock whose time moves only when a step "computes" or the pacer sleeps. */
function fakeClock(): PacerClock & { t: number; sleeps: number[] } {
  const c = {
    t: 1000,
    sleeps: [] as number[],
    now: () => c.t,
    sleep: (ms: number) => {
      c.sleeps.push(ms);
      c.t += ms;
    },
  };
  return c;
}

describe('Pacer (watch it learn)', () => {
  it('spreads fast steps over the wanted time: step n ends n shares after the start', () => {
    const clock = fakeClock();
    const pacer = Pacer.over(300, 10_000, clock)!;
    for (let n = 1; n <= 300; n++) {
      clock.t += 0.2; // the step itself
      pacer.afterStep(n);
      expect(clock.t).toBeCloseTo(1000 + (n * 10_000) / 300, 6);
    }
    expect(clock.sleeps).toHaveLength(300);
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeCloseTo(10_000 - 300 * 0.2, 6);
  });

  it('never slows a run that is slower than the pace, and catches up after a slow step', () => {
    const clock = fakeClock();
    const pacer = Pacer.over(10, 100, clock)!;
    clock.t += 35; // step 1 takes 3.5 shares
    pacer.afterStep(1);
    expect(clock.sleeps).toEqual([]);
    clock.t += 1;
    pacer.afterStep(2);
    clock.t += 1;
    pacer.afterStep(3);
    expect(clock.sleeps).toEqual([]);
    clock.t += 1;
    pacer.afterStep(4); // 38 ms in, step 4 is due at 40
    expect(clock.sleeps).toEqual([2]);
  });

  it('has nothing to pace without steps or time', () => {
    expect(Pacer.over(0, 10_000, fakeClock())).toBeUndefined();
    expect(Pacer.over(300, 0, fakeClock())).toBeUndefined();
  });
});

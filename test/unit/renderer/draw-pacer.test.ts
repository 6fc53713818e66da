import { describe, expect, it, vi } from 'vitest';
import { DrawPacer, type PacerClock } from '../../../src/renderer/src/lib/draw-pacer';

/** A clock whose time moves only when a draw "takes" time or the test advances it. */
function fakeClock() {
  let now = 0;
  let timers: Array<{ at: number; cb: () => void; handle: number }> = [];
  let nextHandle = 1;
  const clock: PacerClock = {
    now: () => now,
    setTimer: (cb, ms) => {
      const handle = nextHandle++;
      timers.push({ at: now + ms, cb, handle });
      return handle;
    },
    clearTimer: (handle) => {
      timers = timers.filter((t) => t.handle !== handle);
    },
  };
  return {
    clock,
    spend: (ms: number) => { now += ms; },
    /** Advances to `to`, firing the timers that fall due on the way, in order. */
    advanceTo(to: number): void {
      for (;;) {
        const due = timers.filter((t) => t.at <= to).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = Math.max(now, due.at);
        due.cb();
      }
      now = Math.max(now, to);
    },
    get now() { return now; },
    pendingTimers: () => timers.length,
  };
}

describe('DrawPacer', () => {
  it('draws the charts asked for together in one round, each with its latest draw only', () => {
    const t = fakeClock();
    const pacer = new DrawPacer(2, t.clock);
    const drawn: string[] = [];
    const a = {};
    const b = {};
    pacer.request(a, () => drawn.push('a1'));
    pacer.request(b, () => drawn.push('b1'));
    pacer.request(a, () => drawn.push('a2'));
    expect(drawn).toEqual([]); // never synchronous: a later chart of the same event joins the round
    expect(t.pendingTimers()).toBe(1);
    t.advanceTo(0);
    expect(drawn).toEqual(['a2', 'b1']);
  });

  it('after a round that took d ms, waits idleRatio·d ms before the next', () => {
    const t = fakeClock();
    const pacer = new DrawPacer(2, t.clock);
    const rounds: number[] = [];
    const chart = {};
    const slowDraw = () => { rounds.push(t.now); t.spend(50); };
    pacer.request(chart, slowDraw);
    t.advanceTo(0);
    expect(rounds).toEqual([0]);
    // The round ended at 50 ms; the next may start at 50 + 2·50 = 150 ms, however often data comes.
    for (let ms = 60; ms <= 140; ms += 20) {
      t.advanceTo(ms);
      pacer.request(chart, slowDraw);
    }
    expect(rounds).toEqual([0]);
    t.advanceTo(149);
    expect(rounds).toEqual([0]);
    t.advanceTo(150);
    expect(rounds).toEqual([0, 150]);
  });

  it('keeps drawing to at most a third of the time under a steady stream of updates', () => {
    const t = fakeClock();
    const pacer = new DrawPacer(2, t.clock);
    let busy = 0;
    const chart = {};
    // An event every 33 ms for 10 s; each draw takes 40 ms, longer than the gap between events.
    for (let ms = 0; ms < 10_000; ms += 33) {
      t.advanceTo(Math.max(ms, t.now));
      pacer.request(chart, () => { busy += 40; t.spend(40); });
    }
    t.advanceTo(t.now + 1000);
    expect(busy / t.now).toBeLessThanOrEqual(1 / 3 + 0.01);
    expect(busy).toBeGreaterThan(0);
  });

  it('draws right away again on a quiet machine (a fast draw barely delays the next)', () => {
    const t = fakeClock();
    const pacer = new DrawPacer(2, t.clock);
    const chart = {};
    let draws = 0;
    for (let ms = 0; ms < 1000; ms += 33) {
      t.advanceTo(ms);
      pacer.request(chart, () => { draws++; t.spend(2); });
    }
    t.advanceTo(1100);
    expect(draws).toBe(Math.ceil(1000 / 33));
  });

  it('cancel forgets a chart that left the page, and one failing draw does not stop the others', () => {
    const t = fakeClock();
    const pacer = new DrawPacer(2, t.clock);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const drawn: string[] = [];
    const gone = {};
    pacer.request(gone, () => drawn.push('gone'));
    pacer.cancel(gone);
    expect(t.pendingTimers()).toBe(0);
    expect(pacer.waiting).toBe(0);
    pacer.request({}, () => { throw new Error('broken chart'); });
    pacer.request({}, () => drawn.push('ok'));
    t.advanceTo(0);
    expect(drawn).toEqual(['ok']);
    expect(errors).toHaveBeenCalledTimes(1);
    errors.mockRestore();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressForwarder, type ProgressPart } from '../../../src/main/services/training/progress-forwarder';

describe('ProgressForwarder', () => {
  let clock = 0;
  let sent: ProgressPart[];
  let f: ProgressForwarder;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 0;
    sent = [];
    f = new ProgressForwarder((p) => sent.push(p), 100, () => clock);
  });
  afterEach(() => {
    f.dispose();
    vi.useRealTimers();
  });
  const advance = (ms: number): void => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  it('sends the first part at once, then coalesces until the interval has passed', () => {
    f.add({ stepLosses: [1] });
    expect(sent).toHaveLength(1);
    f.add({ stepLosses: [2] });
    f.add({ stepLosses: [3], epochMetrics: [{ epoch: 1, loss: 0.5 }], snapshot: { w: { shape: [1], data: [1] } } });
    f.add({ stepLosses: [4], snapshot: { w: { shape: [1], data: [2] } } });
    advance(99);
    expect(sent).toHaveLength(1);
    advance(1);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual({ stepLosses: [2, 3, 4], epochMetrics: [{ epoch: 1, loss: 0.5 }], snapshot: { w: { shape: [1], data: [2] } } });
  });

  it('re-checks the interval when a timer fires early', () => {
    f.add({ stepLosses: [1] });
    clock += 10;
    f.add({ stepLosses: [2] });
    // The timer was set for 90 ms; pretend the event loop's clock ran behind and it fires at 85.
    clock += 75;
    vi.advanceTimersByTime(90);
    expect(sent).toHaveLength(1);
    advance(15);
    expect(sent).toHaveLength(2);
  });

  it('flush sends what is pending regardless of the interval, and nothing when empty', () => {
    f.add({ stepLosses: [1] });
    f.add({ epochMetrics: [{ epoch: 1, loss: 1 }] });
    f.flush();
    expect(sent).toHaveLength(2);
    f.flush();
    expect(sent).toHaveLength(2);
    advance(1000);
    expect(sent).toHaveLength(2);
  });
});

describe('thinEventSteps', () => {
  it('leaves a normal event alone and averages a flood of steps in equal groups', async () => {
    const { thinEventSteps } = await import('../../../src/main/services/training/progress-forwarder');
    expect(thinEventSteps([1, 2, 3], 3)).toEqual({ stepLosses: [1, 2, 3] });
    expect(thinEventSteps([1, 3, 5, 7, 9], 2)).toEqual({ stepLosses: [3, 8], stepEvery: 3, stepCount: 5 });
    const flood = thinEventSteps(Array.from({ length: 7700 }, (_, i) => i % 2));
    expect(flood.stepLosses.length).toBeLessThanOrEqual(1000);
    expect(flood.stepCount).toBe(7700);
    expect(flood.stepLosses[0]).toBeCloseTo(0.5, 12);
  });
});

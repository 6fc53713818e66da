import { describe, expect, it } from 'vitest';
import { FrameCoalescer } from '../../../src/renderer/src/lib/frame-coalescer';

function manualFrames() {
  const queue: Array<() => void> = [];
  return { schedule: (cb: () => void) => queue.push(cb), tick: () => queue.splice(0).forEach((cb) => cb()), queued: () => queue.length };
}

describe('FrameCoalescer', () => {
  it('runs once per frame however many requests arrive before it', () => {
    const frames = manualFrames();
    let runs = 0;
    const c = new FrameCoalescer(() => runs++, frames.schedule);
    for (let i = 0; i < 50; i++) c.request();
    expect(frames.queued()).toBe(1);
    expect(runs).toBe(0);
    frames.tick();
    expect(runs).toBe(1);
    c.request();
    frames.tick();
    expect(runs).toBe(2);
  });

  it('flush runs pending work now and the already scheduled frame does not repeat it', () => {
    const frames = manualFrames();
    let runs = 0;
    const c = new FrameCoalescer(() => runs++, frames.schedule);
    c.request();
    c.flush();
    expect(runs).toBe(1);
    frames.tick();
    expect(runs).toBe(1);
    c.flush();
    expect(runs).toBe(1);
  });

  it('does nothing after dispose', () => {
    const frames = manualFrames();
    let runs = 0;
    const c = new FrameCoalescer(() => runs++, frames.schedule);
    c.request();
    c.dispose();
    frames.tick();
    c.request();
    frames.tick();
    expect(runs).toBe(0);
  });
});

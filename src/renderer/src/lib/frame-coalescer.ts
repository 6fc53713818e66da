// Many progress events can arrive between two frames; the charts need to redraw once. `request`
// marks work pending and schedules one callback on the next animation frame, however often it is
// called before that frame.

export type Schedule = (callback: () => void) => unknown;

const nextFrame: Schedule = (cb) =>
  typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => cb()) : setTimeout(cb, 16);

export class FrameCoalescer {
  private pending = false;
  private disposed = false;
  /** Bumped by flush so a frame scheduled before it does not run the work a second time. */
  private generation = 0;

  constructor(
    private readonly run: () => void,
    private readonly schedule: Schedule = nextFrame,
  ) {}

  request(): void {
    if (this.pending || this.disposed) return;
    this.pending = true;
    const generation = this.generation;
    this.schedule(() => {
      if (generation !== this.generation || this.disposed) return;
      this.pending = false;
      this.run();
    });
  }

  /** Runs now if something is pending (e.g. a run finished and the final state must show). */
  flush(): void {
    if (!this.pending || this.disposed) return;
    this.pending = false;
    this.generation++;
    this.run();
  }

  dispose(): void {
    this.disposed = true;
  }
}

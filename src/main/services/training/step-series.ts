// The complete per-step loss series of a run, in a growable float64 buffer (a long run has
// hundreds of thousands of steps; a number[] of that size costs several times more memory).
export class StepSeries {
  private buf = new Float64Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = x;
  }

  pushAll(xs: readonly number[]): void {
    for (const x of xs) this.push(x);
  }

  /** The losses so far without copying them (valid until the next push). */
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }

  toArray(): number[] {
    return Array.from(this.buf.subarray(0, this.length));
  }
}

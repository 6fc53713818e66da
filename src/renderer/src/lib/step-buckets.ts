// Per-step losses, thinned as they arrive so a run of millions of steps still draws as at most
// `maxBuckets` points. A bucket holds the mean of `every` consecutive steps (the same rule the run
// store uses when it saves `steps: { every, losses }`), and `every` doubles by merging neighbours,
// so each arriving loss costs O(1) amortised and live and restored charts thin alike.

export interface StepPoint {
  /** 1-based step at the bucket's centre. */
  step: number;
  loss: number;
}

export class StepBuckets {
  every = 1;
  /** Steps seen, finite or not. */
  total = 0;
  private sums: number[] = [];
  /** Finite losses per bucket; a bucket with none is not drawn. */
  private finite: number[] = [];

  constructor(readonly maxBuckets = 2000) {
    if (!(Number.isInteger(maxBuckets) && maxBuckets >= 2)) throw new RangeError(`maxBuckets must be a whole number ≥ 2, got ${maxBuckets}`);
  }

  /** Rebuilds from a saved series whose entry i is the mean of steps [i·every, (i+1)·every). */
  static fromThinned(every: number, means: ReadonlyArray<number | null>, totalSteps: number, maxBuckets = 2000): StepBuckets {
    const b = new StepBuckets(maxBuckets);
    b.every = Math.max(1, Math.floor(every));
    for (let i = 0; i < means.length; i++) {
      const m = means[i];
      const ok = m !== null && m !== undefined && Number.isFinite(m);
      b.sums.push(ok ? m * b.every : 0);
      b.finite.push(ok ? b.every : 0);
    }
    // The last saved mean may cover fewer than `every` steps; trust totalSteps when it fits.
    const fits = totalSteps > (means.length - 1) * b.every && totalSteps <= means.length * b.every;
    b.total = fits ? totalSteps : means.length * b.every;
    while (b.sums.length > b.maxBuckets) b.halve();
    return b;
  }

  push(loss: number): void {
    const k = Math.floor(this.total / this.every);
    if (k === this.sums.length) {
      this.sums.push(0);
      this.finite.push(0);
    }
    if (Number.isFinite(loss)) {
      this.sums[k]! += loss;
      this.finite[k]! += 1;
    }
    this.total++;
    if (this.sums.length > this.maxBuckets) this.halve();
  }

  /**
   * Counts `n` steps whose losses this page never received (a run re-attached after a reload):
   * their buckets stay empty and are not drawn, and later steps land at their true position.
   */
  skip(n: number): void {
    if (!(n > 0)) return;
    this.total += Math.floor(n);
    while (Math.ceil(this.total / this.every) > this.maxBuckets) this.halve();
    const need = Math.ceil(this.total / this.every);
    while (this.sums.length < need) {
      this.sums.push(0);
      this.finite.push(0);
    }
  }

  pushAll(losses: ArrayLike<number>): void {
    for (let i = 0; i < losses.length; i++) this.push(losses[i]!);
  }

  get length(): number {
    return this.sums.length;
  }

  /** Bucket means at their centre step; buckets without a finite loss are left out. */
  points(): StepPoint[] {
    const out: StepPoint[] = [];
    for (let k = 0; k < this.sums.length; k++) {
      const n = this.finite[k]!;
      if (n === 0) continue;
      const start = k * this.every;
      const end = Math.min(this.total, start + this.every);
      out.push({ step: (start + 1 + end) / 2, loss: this.sums[k]! / n });
    }
    return out;
  }

  private halve(): void {
    const sums: number[] = [];
    const finite: number[] = [];
    for (let k = 0; k < this.sums.length; k += 2) {
      sums.push(this.sums[k]! + (this.sums[k + 1] ?? 0));
      finite.push(this.finite[k]! + (this.finite[k + 1] ?? 0));
    }
    this.sums = sums;
    this.finite = finite;
    this.every *= 2;
  }
}

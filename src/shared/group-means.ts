// The one rule for thinning a long step-loss series: equal groups of `every` consecutive steps
// (the last may be shorter), each replaced by its mean, with every = ceil(n / max). The run store,
// the training events and the renderer's StepBuckets all follow it, so a live chart, a finished
// run and a reopened run line up point for point.
export function groupMeans(values: ArrayLike<number>, max: number): { every: number; means: number[] } {
  const every = Math.max(1, Math.ceil(values.length / max));
  if (every === 1) return { every, means: Array.from(values) };
  const means: number[] = [];
  for (let start = 0; start < values.length; start += every) {
    const end = Math.min(values.length, start + every);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i]!;
    means.push(sum / (end - start));
  }
  return { every, means };
}

// The elementwise kernels a backend provides, in plain TypeScript: the ts backend's own, and the
// native backend's when its addon predates them. Both work on the float bits through Int32Array
// views: branch-free (random signs make a compare-and-branch mispredict half the time, 4× slower)
// and exact for every input, including −0, ±Infinity and NaN.

/** All ones when the float with these bits is NaN (exponent all ones, mantissa non-zero), else 0. */
function nanMask(bits: number): number {
  return (0x7f800000 - (bits & 0x7fffffff)) >> 31;
}

/** y[i] = x[i] <= 0 ? +0 : x[i] for i < n; NaN is kept. y may be x. */
export function reluTs(x: Float32Array, y: Float32Array, n: number): void {
  const xb = new Int32Array(x.buffer, x.byteOffset, n);
  const yb = new Int32Array(y.buffer, y.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const v = xb[i];
    // A set sign bit (v >> 31 all ones) clears the value, unless it is a NaN.
    yb[i] = v & (~(v >> 31) | nanMask(v));
  }
}

/** d[i] = y[i] <= 0 ? +0 : g[i] for i < n, from ReLU's output y (a NaN output passes g). d may be g. */
export function reluBackwardTs(g: Float32Array, y: Float32Array, d: Float32Array, n: number): void {
  const yb = new Int32Array(y.buffer, y.byteOffset, n);
  const gb = new Int32Array(g.buffer, g.byteOffset, n);
  const db = new Int32Array(d.buffer, d.byteOffset, n);
  for (let i = 0; i < n; i++) {
    const v = yb[i];
    // (−v & ~v) has its sign bit set exactly when v > 0 as an integer, i.e. y > 0 as a float
    // (−0, whose bits are the most negative integer, included correctly: ~v clears the bit).
    db[i] = gb[i] & (((-v & ~v) >> 31) | nanMask(v));
  }
}

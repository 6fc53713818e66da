// ReLU and its backward over n floats, four lanes at a time. A lane is zeroed where x ≤ 0 (which
// is false for NaN, so NaN passes; −0 ≤ 0 is true, so −0 becomes +0), matching the TypeScript
// kernels bit for bit.

/** y[i] = x[i] <= 0 ? +0 : x[i]. y may be x. */
export function relu(x: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>n << 2;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    const v = v128.load(x + o);
    v128.store(y + o, v128.andnot(v, f32x4.le(v, zero)));
  }
  for (; o < bytes; o += 4) {
    const v = load<f32>(x + o);
    store<f32>(y + o, v <= 0 ? 0 : v);
  }
}

/** d[i] = y[i] <= 0 ? +0 : g[i], from ReLU's output y. d may be g or y. */
export function reluBackward(g: usize, y: usize, d: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const bytes = <usize>n << 2;
  let o: usize = 0;
  for (; o + 16 <= bytes; o += 16) {
    v128.store(d + o, v128.andnot(v128.load(g + o), f32x4.le(v128.load(y + o), zero)));
  }
  for (; o < bytes; o += 4) {
    const v = load<f32>(y + o);
    store<f32>(d + o, v <= 0 ? 0 : load<f32>(g + o));
  }
}

// The one place the two builds differ: with relaxed SIMD (--enable relaxed-simd) a multiply-add is
// one fused instruction where the CPU has FMA; the plain-SIMD build multiplies, then adds. The
// choice is a compile-time constant, so each build contains only its own branch.

/** a·b + c, lane-wise over four floats. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

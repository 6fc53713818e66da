// The sigmoid's exponent table, shared by the TypeScript sigmoid (ops/unary.ts) and the native
// convolution kernels it is handed to (native/src/conv.cc), so both compute the same bits.

/**
 * e^(k·ln2/32) for k in [−EXP_OFFSET, EXP_OFFSET]: exp(t) = TABLE[k] · exp(r) with |r| ≤ ln2/64,
 * where a cubic Taylor polynomial is exact to 6e-10 — far inside float32's 6e-8. Math.exp costs
 * ≈ 12 ns an element here; this ≈ 5, and sigmoid runs over every convolution output.
 */
export const EXP_STEPS = 32;
export const EXP_LIMIT = 104; // beyond it 1/(1 + e^t) is 0 (or 1) in float32 anyway
export const EXP_OFFSET = Math.ceil((EXP_LIMIT * EXP_STEPS) / Math.LN2) + 1;
let table: Float64Array | undefined;

/**
 * The table, built on first use: its 9,607 Math.exp calls run in V8's interpreter at that point
 * and cost several milliseconds, which a process that never takes a sigmoid (the CLI's 3.3
 * program) should not pay at start-up (issue 15).
 */
export function expTable(): Float64Array {
  if (table) return table;
  const t = new Float64Array(2 * EXP_OFFSET + 1);
  for (let k = -EXP_OFFSET; k <= EXP_OFFSET; k++) t[k + EXP_OFFSET] = Math.exp((k * Math.LN2) / EXP_STEPS);
  table = t;
  return t;
}
export const EXP_INV_STEP = EXP_STEPS / Math.LN2;
export const EXP_STEP = Math.LN2 / EXP_STEPS;
/** Adding and subtracting 1.5·2⁵² rounds a double to the nearest integer (faster than Math.round). */
export const ROUND_MAGIC = 6755399441055744;

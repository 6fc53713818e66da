// Argument checks every JavaScript-side sgemm shares (the native addon has its own in C++): each
// throws a RangeError naming the argument and the allowed range, so no kernel reads outside an array.

/** Elements a row-major rows×cols matrix with row stride ld spans (the last row is not padded). */
export function span(rows: number, cols: number, ld: number): number {
  return rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
}

export function checkSgemmArgs(
  transA: boolean, transB: boolean, m: number, n: number, k: number,
  a: Float32Array, lda: number, b: Float32Array, ldb: number, c: Float32Array, ldc: number,
): void {
  for (const [name, v] of [['m', m], ['n', n], ['k', k]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`sgemm: ${name} must be a non-negative integer, got ${v}`);
  }
  const need = (rows: number, cols: number, ld: number, len: number, name: string): void => {
    if (rows === 0 || cols === 0) return;
    if (ld < cols) throw new RangeError(`sgemm: ${name} leading dimension ${ld} is smaller than its row length ${cols}`);
    if (span(rows, cols, ld) > len) {
      throw new RangeError(`sgemm: ${name} needs ${span(rows, cols, ld)} elements (${rows}×${cols}, ld ${ld}) but has ${len}`);
    }
  };
  need(transA ? k : m, transA ? m : k, lda, a.length, 'A');
  need(transB ? n : k, transB ? k : n, ldb, b.length, 'B');
  need(m, n, ldc, c.length, 'C');
}

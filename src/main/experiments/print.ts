// Numbers printed the way the book's Python prints them, for the lines an experiment adds to
// `d2l-workbench train` output (and the CLI's own epoch lines).
import type { TrainingSummary } from '../../shared/training';

/** Python's f'{x:f}'. */
export function f6(x: number): string {
  return x.toFixed(6);
}

/** A short, readable vector: fixed when the magnitudes allow it, else scientific like torch. */
export function formatVector(xs: readonly number[]): string {
  const fixed = xs.every((x) => x === 0 || (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6));
  // Exponents with two digits at least, as Python and torch print them: 8.2970e-05.
  const sci = (x: number): string => x.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  return `[${xs.map((x) => (fixed ? x.toFixed(4) : sci(x))).join(', ')}]`;
}

/** The book's closing lines for linear regression: e(w) = true_w − w, e(b) = true_b − b. */
export function linearErrorsLines(s: TrainingSummary): string {
  return s.errors ? `e(w) ${formatVector(s.errors.w)}\ne(b) ${formatVector(s.errors.b)}\n` : '';
}

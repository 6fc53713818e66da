// The derivative as a limit: (f(x+h) − f(x))/h for shrinking h, in float64 and in float32.
import { tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const f = (x: number) => 3 * x ** 2 - 4 * x;   // f'(x) = 6x − 4, so f'(1) = 2
  let h = 0.1;
  for (let i = 0; i < 5; i++) {
    print(`h=${h.toFixed(5)}, numerical limit=${((f(1 + h) - f(1)) / h).toFixed(5)}`);
    h *= 0.1;
  }

  // The same quotient in float32, the engine's only dtype: rounding error grows as h shrinks
  const fT = (x: number) => tensor(x).pow(2).mul(3).sub(tensor(x).mul(4));
  for (const hh of [1e-2, 1e-3, 1e-4, 1e-5, 1e-6]) {
    const q = fT(1 + hh).sub(fT(1)).div(hh).item();
    print(`float32: h=${hh.toExponential(0)}, quotient=${q.toFixed(5)}`);
  }
  // demo:end
}

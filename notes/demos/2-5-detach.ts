// detach() cuts the graph: z = u·x with u = detach(x·x) treats u as a constant.
import { arange } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = arange(4).requiresGrad_();
  const y = x.mul(x);
  const u = y.detach();              // same values, no history
  const z = u.mul(x);

  z.sum().backward();
  print(x.grad, x.grad!.eq(u));      // ∂z/∂x = u, not 3x²

  x.grad!.zero_();
  y.sum().backward();                // y's own graph is untouched
  print(x.grad, x.grad!.eq(x.detach().mul(2)));
  // demo:end
}

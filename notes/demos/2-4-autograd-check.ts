// Checking hand-derived derivatives against autograd: a polynomial, a tangent line and the chain rule.
import { tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = tensor(1, { requiresGrad: true });
  const y = x.pow(2).mul(3).sub(x.mul(4));        // f(x) = 3x² − 4x
  y.backward();
  print('f(1) =', y.item(), "f'(1) =", x.grad!.item());  // tangent: y = 2(x − 1) − 1 = 2x − 3

  // chain rule: y = sigmoid(u), u = x², so dy/dx = sigmoid(u)(1 − sigmoid(u)) · 2x
  const t = tensor(0.5, { requiresGrad: true });
  const s = t.pow(2).sigmoid();
  s.backward();
  const sv = s.item();
  print('by hand ', (sv * (1 - sv) * 2 * 0.5).toFixed(6));
  print('autograd', t.grad!.item().toFixed(6));
  // demo:end
}

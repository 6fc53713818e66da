// Autograd through Python-style control flow: the graph is whatever path this call took.
import { Generator, randn, type Tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  function f(a: Tensor): Tensor {
    let b = a.mul(2);
    let doublings = 0;
    while (b.pow(2).sum().sqrt().item() < 1000) {  // b.norm() < 1000
      b = b.mul(2);
      doublings++;
    }
    const c = b.sum().item() > 0 ? b : b.mul(100);
    print('loop ran', doublings, 'times; branch', b.sum().item() > 0 ? 'c = b' : 'c = 100 * b');
    return c;
  }

  const a = randn([], { requiresGrad: true }, new Generator(1));
  const d = f(a);
  d.backward();
  // f is linear in a (d = k·a for this a's k), so the gradient is d / a
  print('a.grad', a.grad, 'd / a', d.detach().div(a.detach()));
  // demo:end
}

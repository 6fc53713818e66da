// Gradient rules for vectors, checked with autograd: ∇wᵀx = w, ∇xᵀAx = (A + Aᵀ)x, ∇‖x‖² = 2x.
import { tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = tensor([1, -1], { requiresGrad: true });

  const w = tensor([5, 7]);
  w.matmul(x).backward();                 // f(x) = wᵀx
  print(x.grad, '= w');

  x.grad!.zero_();
  const A = tensor([[1, 2], [3, 4]]);
  x.matmul(A).matmul(x).backward();       // f(x) = xᵀAx
  print(x.grad, '= (A + Aᵀ)x =', A.add(A.T).matmul(x.detach()));

  x.grad!.zero_();
  x.pow(2).sum().backward();              // f(x) = ‖x‖²
  print(x.grad, '= 2x =', x.detach().mul(2));
  // demo:end
}

// backward() on y = 2xᵀx fills x.grad with 4x; gradients add up until they are zeroed.
import { arange } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = arange(4).requiresGrad_();
  print(x, x.grad);                  // no gradient yet: null

  const y = x.matmul(x).mul(2);      // y = 2 * torch.dot(x, x)
  print(y);                          // grad_fn remembers how y was made
  y.backward();
  print(x.grad, x.grad!.eq(x.detach().mul(4)));  // dy/dx = 4x

  x.sum().backward();                // forgot to zero: the new gradient is added
  print(x.grad);

  x.grad!.zero_();
  x.sum().backward();                // the gradient of a sum is all ones
  print(x.grad);
  // demo:end
}

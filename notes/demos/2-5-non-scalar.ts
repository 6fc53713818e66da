// backward() on a vector needs the vector it is multiplied with; summing first gives the same per-element derivatives.
import { arange, onesLike } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = arange(4).requiresGrad_();
  const y = x.mul(x);                // a vector: which derivative would backward() mean?
  try {
    y.backward();
  } catch (err) {
    print((err as Error).message);
  }

  y.backward(onesLike(y));           // vᵀ·(∂y/∂x) with v = 1: each yᵢ's derivative, 2xᵢ
  print(x.grad);

  x.grad!.zero_();
  x.mul(x).sum().backward();         // the book's form: sum, then backward
  print(x.grad);
  // demo:end
}

// Elementwise arithmetic, exp, concatenation, comparison and sum on same-shaped tensors.
import { arange, cat, tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = tensor([1, 2, 4, 8]);
  const y = tensor([2, 2, 2, 2]);
  print(x.add(y), x.sub(y));
  print(x.mul(y), x.div(y));
  print(x.pow(y));
  print(x.exp());

  const X = arange(12).reshape(3, 4);
  const Y = tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]]);
  print(cat([X, Y], 0).shape, cat([X, Y], 1).shape);  // stack rows / columns
  print(X.eq(Y));   // 1 where equal, 0 elsewhere (float32: no bool dtype)
  print(X.sum());   // a 0-d tensor
  // demo:end
}

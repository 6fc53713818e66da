// Dot product, matrix-vector and matrix-matrix products: all of them are matmul.
import { arange, ones } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = arange(4);
  const y = ones([4]);
  print(x.matmul(y), x.mul(y).sum());   // torch.dot(x, y) two ways

  const A = arange(20).reshape(5, 4);
  print(A.shape, x.shape, A.matmul(x)); // torch.mv(A, x): (5, 4)·(4) → (5)

  const B = ones([4, 3]);
  print(A.matmul(B));                   // torch.mm(A, B): (5, 4)·(4, 3) → (5, 3)

  try {
    B.matmul(A);                        // (4, 3)·(5, 4): inner sizes 3 and 5 differ
  } catch (err) {
    print((err as Error).message);
  }
  // demo:end
}

// Scalars, vectors, matrices and 3-D tensors; the transpose; elementwise (Hadamard) products.
import { arange, tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = tensor(3), y = tensor(2);      // scalars: 0-d tensors
  print(x.add(y), x.mul(y), x.div(y), x.pow(y));

  const v = arange(4);                     // a vector
  print(v.shape[0], v.indexSelect(0, [3]));  // len(x), x[3] as a 1-element tensor

  const A = arange(20).reshape(5, 4);
  print(A.T);                              // (4, 5): rows become columns
  const B = tensor([[1, 2, 3], [2, 0, 4], [3, 4, 5]]);
  print(B.eq(B.T));                        // symmetric: B equals its transpose

  const X = arange(24).reshape(2, 3, 4);   // two 3×4 matrices
  print(X.shape, X.mul(2).add(2).shape);   // a scalar broadcasts: shape unchanged
  print(A.mul(A));                         // Hadamard product: elementwise, not a matrix product
  // demo:end
}

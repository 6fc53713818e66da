// Sums and means over all elements or one axis, keepdim for broadcasting back, and a cumulative sum.
import { arange } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const A = arange(20).reshape(5, 4);
  print(A.sum(), A.sum(0), A.sum(1));          // all; down the rows (axis 0); along each row
  print(A.sum([0, 1]), A.mean(), A.sum().div(A.numel()));
  print(A.mean(0), A.sum(0).div(A.shape[0]));

  const sumA = A.sum(1, true);                 // keepdim: shape (5, 1), not (5)
  print(sumA.shape);
  print(A.div(sumA));                          // each row divided by its own total

  // A.cumsum(axis=0), which the engine lacks, as a product with a lower-triangular matrix of ones
  const i = arange(5);
  const L = i.reshape(5, 1).ge(i.reshape(1, 5));  // L[r, c] = 1 where r >= c
  print(L.matmul(A));
  // demo:end
}

// Making tensors and reading their shape: arange, reshape, zeros/ones, seeded randn, nested arrays.
import { arange, Generator, ones, randn, tensor, zeros } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = arange(12);
  print(x);
  print('shape', x.shape, 'numel', x.numel());

  const X = x.reshape(3, 4);      // same 12 numbers, 3 rows of 4
  print(X);
  print(x.reshape(-1, 4).shape);  // -1: "work this one out"

  print(zeros([2, 3, 4]).shape, ones([2, 3, 4]).sum().item());
  print(randn([3, 4], new Generator(0)));  // N(0, 1); seeded, so the same every time
  print(tensor([[2, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]]));
  // demo:end
}

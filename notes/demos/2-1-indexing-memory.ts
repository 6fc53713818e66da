// Selecting rows, writing elements, in-place updates and which results share memory.
import { arange, ones, tensor, zerosLike } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const X = arange(12).reshape(3, 4);
  print(X.indexSelect(0, [2]));     // X[-1:]  (the last row)
  print(X.indexSelect(0, [1, 2]));  // X[1:3]
  print(X.indexSelect(1, [0, 3]));  // X[:, [0, 3]]

  X.values[1 * 4 + 2] = 9;          // X[1, 2] = 9: storage is row-major
  X.values.fill(12, 0, 2 * 4);      // X[0:2, :] = 12
  print(X);

  let Y = ones([3, 4]);
  const before = Y;
  Y = Y.add(X);                     // a new tensor: Y now names other memory
  print('Y = Y + X kept Y:', Y === before);

  const Z = zerosLike(Y);
  Z.copy_(X.add(Y));                // Z[:] = X + Y
  const storage = X.values;
  X.add_(Y);                        // X += Y, in place
  print('X += Y kept the storage:', X.values === storage);

  print('reshape shares memory:', X.reshape(6, 2).values === X.values);
  print('transpose shares memory:', X.T.values === X.values);  // PyTorch: true

  const a = tensor([3.5]);
  print(a.item(), Math.trunc(a.item()), X.tolist());
  // demo:end
}

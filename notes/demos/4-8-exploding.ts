// A product of 100 random 4×4 matrices: the entries explode (and would overflow float32 soon after).
import { Generator, normal } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const rng = new Generator(0);
  let M = normal(0, 1, [4, 4], rng);
  print('a matrix', M);
  for (let i = 0; i < 100; i++) M = M.matmul(normal(0, 1, [4, 4], rng));
  print('after multiplying by 100 matrices', M);
  // demo:end
}

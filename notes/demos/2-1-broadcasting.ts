// Broadcasting: a (3, 1) and a (1, 2) tensor combine into (3, 2); shapes that cannot align fail.
import { arange } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const a = arange(3).reshape(3, 1);
  const b = arange(2).reshape(1, 2);
  print(a);
  print(b);
  print(a.add(b));  // a's column copied across, b's row copied down

  const row = arange(4);  // shape (4) is treated as (1, 4)
  print(arange(12).reshape(3, 4).sub(row));

  try {
    a.add(arange(4).reshape(2, 2));  // trailing dims 1 vs 2 align, 3 vs 2 do not
  } catch (err) {
    print((err as Error).message);
  }
  // demo:end
}

// softmax turns any row of scores into probabilities; the naive formula overflows for large scores.
import { tensor, type Tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const O = tensor([[1, 2, 0.5], [-1, 0, 3]]);     // logits o for 2 examples, 3 classes
  const naive = (X: Tensor) => X.exp().div(X.exp().sum(1, true));
  const P = naive(O);
  print(P);
  print(P.sum(1), P.argmax(1));                     // each row sums to 1; the predicted class

  print(O.add(10).softmax(1));                      // adding a constant to a row changes nothing

  const big = tensor([[100, 101, 102]]);            // exp(100) does not fit in float32
  print(naive(big));                                // inf / inf = nan
  print(big.softmax(1));                            // softmax subtracts the row's max first
  // demo:end
}

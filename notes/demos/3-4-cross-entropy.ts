// Cross-entropy of softmax outputs, and its gradient with respect to the logits: softmax(o) − y.
import { nn, tensor } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const o = tensor([[1, 2, 0.5], [-1, 0, 3]], { requiresGrad: true });
  const y = tensor([0, 2]);                        // true classes as indices
  const yHat = o.softmax(1);

  // −log ŷ of the true class, per example (the book's y_hat[range(len(y_hat)), y])
  const picked = yHat.gather(1, y.reshape(-1, 1)).reshape(-1);
  print(picked, picked.log().neg());

  const loss = nn.functional.crossEntropy(o, y);   // mean over the batch, straight from logits
  print(loss, picked.log().neg().mean());
  loss.backward();

  const oneHot = tensor([[1, 0, 0], [0, 0, 1]]);
  print(o.grad);                                   // autograd
  print(yHat.detach().sub(oneHot).div(2));         // (softmax(o) − y) / batch size
  // demo:end
}

// 3.6 softmax 回归的从零开始实现: W ~ N(0, 0.01²) of shape (784, 10), b = 0, a hand-written softmax
// and cross_entropy, the book's sgd updater, trained with train_ch3.
import { normal, zeros, type Tensor } from '../engine';
import { defineFashionClassifier } from './fashion-classifier';
import { sgd } from './linreg-scratch';
import program from './programs/softmax-scratch.py?raw';

const NUM_INPUTS = 784;
const NUM_OUTPUTS = 10;

/** softmax(X)ᵢⱼ = exp(Xᵢⱼ) / Σₖ exp(Xᵢₖ), exactly as the book writes it (no max subtraction). */
export function softmax(X: Tensor): Tensor {
  const XExp = X.exp();
  const partition = XExp.sum(1, true);
  return XExp.div(partition);
}

/** −log ŷ[i, y[i]] for every example: the book's y_hat[range(len(y_hat)), y]. */
export function crossEntropy(yHat: Tensor, y: Tensor): Tensor {
  return yHat.gather(1, y.reshape(-1, 1)).reshape(-1).log().neg();
}

export const softmaxScratch = defineFashionClassifier({
  spec: {
    id: 'softmax-scratch',
    section: '3.6',
    title: { zh: 'softmax 回归的从零开始实现', en: 'Softmax regression from scratch' },
    summary: {
      zh: '手写 softmax、交叉熵和小批量 sgd，在 Fashion-MNIST 上训练 784 → 10 的线性模型。',
      en: 'Hand-written softmax, cross-entropy and minibatch sgd: a 784 → 10 linear model on Fashion-MNIST.',
    },
  },
  lr: 0.1,
  program,
  model(ctx) {
    const { lr } = ctx.hp;
    // [初始化模型参数]
    const W = normal(0, 0.01, [NUM_INPUTS, NUM_OUTPUTS], ctx.rng).requiresGrad_();
    const b = zeros([NUM_OUTPUTS]).requiresGrad_();
    ctx.track({ W, b });
    // [定义模型]
    const net = { forward: (X: Tensor): Tensor => softmax(X.reshape(-1, W.shape[0]!).matmul(W).add(b)) };
    // [训练] updater(batch_size) = d2l.sgd([W, b], lr, batch_size)
    const updater = (n: number): void => sgd([W, b], lr, n);
    return { net, loss: crossEntropy, updater };
  },
});

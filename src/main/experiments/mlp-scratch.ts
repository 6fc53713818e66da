// 4.2 多层感知机的从零开始实现: 784-256-10 with parameters W1, b1, W2, b2 (weights 0.01·randn), a
// hand-written relu, CrossEntropyLoss(reduction='none') and SGD(lr=0.1), trained with train_ch3.
import { nn, optim, randn, zeros, zerosLike, type Tensor } from '../engine';
import { defineFashionClassifier } from './fashion-classifier';
import program from './programs/mlp-scratch.py?raw';

const NUM_INPUTS = 784;
const NUM_OUTPUTS = 10;
const NUM_HIDDENS = 256;

/** relu(X) = max(X, 0), as the book writes it with torch.max and zeros_like. */
export function relu(X: Tensor): Tensor {
  const a = zerosLike(X);
  return X.maximum(a);
}

export const mlpScratch = defineFashionClassifier({
  spec: {
    id: 'mlp-scratch',
    section: '4.2',
    title: { zh: '多层感知机的从零开始实现', en: 'Multilayer perceptron from scratch' },
    summary: {
      zh: '784-256-10，手写 relu，参数 W1、b1、W2、b2，在 Fashion-MNIST 上训练。',
      en: '784-256-10 with a hand-written relu and parameters W1, b1, W2, b2, on Fashion-MNIST.',
    },
  },
  lr: 0.1,
  program,
  model(ctx) {
    const { lr } = ctx.hp;
    // [初始化模型参数]
    const W1 = randn([NUM_INPUTS, NUM_HIDDENS], ctx.rng).mul(0.01).requiresGrad_();
    const b1 = zeros([NUM_HIDDENS]).requiresGrad_();
    const W2 = randn([NUM_HIDDENS, NUM_OUTPUTS], ctx.rng).mul(0.01).requiresGrad_();
    const b2 = zeros([NUM_OUTPUTS]).requiresGrad_();
    const params = [W1, b1, W2, b2];
    ctx.track({ W1, b1, W2, b2 });
    // [模型]
    const net = {
      forward(X: Tensor): Tensor {
        X = X.reshape(-1, NUM_INPUTS);
        const H = relu(X.matmul(W1).add(b1)); // 这里“@”代表矩阵乘法
        return H.matmul(W2).add(b2);
      },
    };
    // [损失函数]
    const loss = new nn.CrossEntropyLoss({ reduction: 'none' });
    // [训练]
    const updater = new optim.SGD(params, { lr });
    return { net, loss: (yHat, y) => loss.forward(yHat, y), updater: updater };
  },
});

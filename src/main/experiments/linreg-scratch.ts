// 3.2 线性回归的从零开始实现: data_iter, linreg, squared_loss and sgd written out by hand.
import { data, noGrad, normal, tensor, zeros, type Generator as Rng, type Tensor } from '../engine';
import { defineLinearRegression, linregDatasetView, TRUE_B, TRUE_W } from './linear-regression';
import program from './programs/linreg-scratch.py?raw';

/** The book's data_iter: a shuffled pass over the examples in minibatches. */
export function* dataIter(batchSize: number, features: Tensor, labels: Tensor, rng: Rng): IterableIterator<[Tensor, Tensor]> {
  const numExamples = features.shape[0]!;
  const indices = rng.permutation(numExamples);
  for (let i = 0; i < numExamples; i += batchSize) {
    const batchIndices = indices.subarray(i, Math.min(i + batchSize, numExamples));
    yield [features.indexSelect(0, batchIndices), labels.indexSelect(0, batchIndices)];
  }
}

export function linreg(X: Tensor, w: Tensor, b: Tensor): Tensor {
  return X.matmul(w).add(b);
}

export function squaredLoss(yHat: Tensor, y: Tensor): Tensor {
  return yHat.sub(y.reshape(...yHat.shape)).pow(2).div(2);
}

/** Minibatch stochastic gradient descent, as the book writes it (divides by the nominal batch size). */
export function sgd(params: readonly Tensor[], lr: number, batchSize: number): void {
  noGrad(() => {
    for (const param of params) {
      param.sub_(param.grad!.mul(lr).div(batchSize));
      param.grad!.zero_();
    }
  });
}

export const linregScratch = defineLinearRegression({
  spec: {
    id: 'linreg-scratch',
    section: '3.2',
    title: { zh: '线性回归的从零开始实现', en: 'Linear regression from scratch' },
    summary: {
      zh: '手写 linreg、squared_loss 和小批量 sgd，拟合 y = Xw + b + ε。',
      en: 'Hand-written linreg, squared_loss and minibatch sgd fitting y = Xw + b + noise.',
    },
  },
  weight: 'w',
  bias: 'b',
  program,
  runData: (hp, rng) => {
    const [features, labels] = data.syntheticData(tensor(TRUE_W), TRUE_B, hp.samples, rng);
    return { features, labels };
  },
  run(ctx) {
    const { epochs, lr, batchSize, samples } = ctx.hp;
    const rng = ctx.rng;
    const trueW = tensor(TRUE_W);
    const [features, labels] = data.syntheticData(trueW, TRUE_B, samples, rng);
    ctx.dataset(linregDatasetView(features, labels, 'w', 'b'));
    const w = normal(0, 0.01, [2, 1], rng).requiresGrad_();
    const b = zeros([1]).requiresGrad_();
    ctx.track({ w, b });
    const net = linreg;
    const loss = squaredLoss;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const [X, y] of dataIter(batchSize, features, labels, rng)) {
        const l = loss(net(X, w, b), y).sum();
        ctx.step(l.item() / X.shape[0]!, { X, y, objective: l });
        l.backward();
        sgd([w, b], lr, batchSize);
      }
      const trainL = noGrad(() => loss(net(features, w, b), labels).mean().item());
      ctx.epoch({ epoch: epoch + 1, loss: trainL });
    }
  },
});

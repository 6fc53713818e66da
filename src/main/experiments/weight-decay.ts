// 4.5 权重衰减 (from scratch): 200 inputs and only 20 training examples, so the model overfits
// unless the L2 penalty λ/2·‖w‖² pulls w towards 0.
import { findExperiment } from '../../shared/catalog';
import { data, noGrad, normal, ones, zeros, type Tensor } from '../engine';
import { linreg, sgd, squaredLoss } from './linreg-scratch';
import type { Experiment } from './types';

export const NUM_INPUTS = 200;
export const N_TRAIN = 20;
export const N_TEST = 100;
export const TRUE_B = 0.05;

export function l2Penalty(w: Tensor): Tensor {
  return w.pow(2).sum().div(2);
}

export const weightDecay: Experiment = {
  spec: findExperiment('weight-decay')!,
  stepsPerEpoch: (hp) => Math.ceil(N_TRAIN / hp.batchSize!),
  run(ctx) {
    const { epochs, lr, batchSize, lambda } = ctx.hp as Record<'epochs' | 'lr' | 'batchSize' | 'lambda', number>;
    const rng = ctx.rng;
    const trueW = ones([NUM_INPUTS]).mul(0.01);
    const [trainX, trainY] = data.syntheticData(trueW, TRUE_B, N_TRAIN, rng);
    const [testX, testY] = data.syntheticData(trueW, TRUE_B, N_TEST, rng);
    const trainIter = new data.DataLoader(new data.TensorDataset(trainX, trainY), { batchSize, shuffle: true, rng });
    // init_params
    const w = normal(0, 1, [NUM_INPUTS, 1], rng).requiresGrad_();
    const b = zeros([1]).requiresGrad_();
    ctx.track({ w, b });
    const net = (X: Tensor): Tensor => linreg(X, w, b);
    const loss = squaredLoss;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const [X, y] of trainIter) {
        const l = loss(net(X!), y!).add(l2Penalty(w).mul(lambda)).sum();
        ctx.step(l.item() / X!.shape[0]!);
        l.backward();
        sgd([w, b], lr, batchSize);
      }
      const [trainL, testL, norm] = noGrad(() => [
        loss(net(trainX), trainY).mean().item(),
        loss(net(testX), testY).mean().item(),
        w.pow(2).sum().sqrt().item(),
      ]);
      ctx.epoch({ epoch: epoch + 1, loss: trainL!, testLoss: testL!, weightNorm: norm! });
    }
  },
};

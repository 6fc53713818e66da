// 4.5 权重衰减 (from scratch): 200 inputs and only 20 training examples, so the model overfits
// unless the L2 penalty λ/2·‖w‖² pulls w towards 0.
import { batchSize, epochs, lr } from '../../shared/experiment-spec';
import { data, noGrad, normal, ones, zeros, type Tensor } from '../engine';
import { linreg, sgd, squaredLoss } from './linreg-scratch';
import { defineExperiment } from './define';
import { f6 } from './print';
import program from './programs/weight-decay.py?raw';

export const NUM_INPUTS = 200;
export const N_TRAIN = 20;
export const N_TEST = 100;
export const TRUE_B = 0.05;

export function l2Penalty(w: Tensor): Tensor {
  return w.pow(2).sum().div(2);
}

export const weightDecay = defineExperiment({
  spec: {
    id: 'weight-decay',
    section: '4.5',
    title: { zh: '权重衰减', en: 'Weight decay' },
    summary: {
      zh: '200 维输入、20 个训练样本：比较 λ = 0 与 λ = 3 时的训练/测试损失和 ‖w‖。',
      en: '200 inputs, 20 training examples: train/test loss and ‖w‖ with λ = 0 vs 3.',
    },
    hyperparameters: [
      epochs(100, 5000), lr(0.003), batchSize(5, 20),
      { key: 'lambda', flag: 'lambda', label: { zh: '权重衰减 λ', en: 'Weight decay λ' }, kind: 'float', default: 3, min: 0, max: 1000 },
    ],
    plots: ['loss', 'weight-norm', 'params'],
    trainingSetSize: N_TRAIN,
  },
  program,
  runData: (_hp, rng) => {
    const [trainFeatures, trainLabels] = data.syntheticData(ones([NUM_INPUTS]).mul(0.01), TRUE_B, N_TRAIN, rng);
    const [testFeatures, testLabels] = data.syntheticData(ones([NUM_INPUTS]).mul(0.01), TRUE_B, N_TEST, rng);
    return { train_features: trainFeatures, train_labels: trainLabels, test_features: testFeatures, test_labels: testLabels };
  },
  cli: {
    // The book plots every 5th epoch.
    printEvery: 5,
    result: (s) => {
      const norm = s.epochs.at(-1)?.weightNorm;
      return norm === undefined ? '' : `L2 norm of w: ${f6(norm)}\n`;
    },
  },
  run(ctx) {
    const { epochs, lr, batchSize, lambda } = ctx.hp;
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
        // 增加了L2范数惩罚项; the batch loss reported is the data loss alone, the quantity the book
        // plots (its train and test curves leave the penalty out), so the curves are comparable.
        const dataLoss = loss(net(X!), y!);
        const l = dataLoss.add(l2Penalty(w).mul(lambda)).sum();
        ctx.step(noGrad(() => dataLoss.mean().item()), { X: X!, y: y!, objective: l });
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
});

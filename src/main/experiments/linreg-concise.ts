// 3.3 线性回归的简洁实现: the seed program from the study notes, line for line, on the engine.
import { batchSize, epochs, lr, samples } from '../../shared/experiment-spec';
import type { DatasetView } from '../../shared/training';
import { data, nn, noGrad, normal, optim, tensor, type Generator as Rng, type Tensor } from '../engine';
import { column, strideIndices } from './dataset-view';
import { defineExperiment } from './define';
import { linearErrorsLines } from './print';
import program from './programs/linreg-concise.py?raw';

const TRUE_W = [2, -3.4];
const TRUE_B = 4.2;

/** The notes' create_data: X ~ N(0, 1), y = Xw + b + N(0, 0.01²), y shaped (n, 1). */
function createData(w: Tensor, b: number, sampleCount: number, rng: Rng): [Tensor, Tensor] {
  const X = normal(0, 1, [sampleCount, w.shape[0]!], rng);
  let y = X.matmul(w).add(b);
  y = y.add(normal(0, 0.01, y.shape.slice(), rng));
  return [X, y.reshape(-1, 1)];
}

/** The book's scatter: the second feature against the label. */
export function linregDatasetView(features: Tensor, labels: Tensor, weight: string, bias: string): DatasetView {
  const rows = strideIndices(features.shape[0]!);
  return {
    scatter: { xLabel: 'features[:, 1]', yLabel: 'labels', x: column(features.values, 2, 1, rows), y: column(labels.values, 1, 0, rows) },
    fit: { kind: 'linear', weight, bias, featureIndex: 1 },
    truth: { [weight]: TRUE_W, [bias]: [TRUE_B] },
  };
}

export const linregConcise = defineExperiment({
  spec: {
    id: 'linreg-concise',
    section: '3.3',
    title: { zh: '线性回归的简洁实现', en: 'Concise linear regression' },
    summary: {
      zh: 'nn.Sequential(nn.Linear(2, 1))、MSELoss 与 SGD：笔记里的 3.3 程序。',
      en: 'nn.Sequential(nn.Linear(2, 1)), MSELoss and SGD: the 3.3 program from the notes.',
    },
    hyperparameters: [epochs(3), lr(0.03), batchSize(10, 100000), samples(1000, 1, 100000)],
    plots: ['scatter', 'loss', 'params'],
    trainingSetSize: { hyperparameter: 'samples' },
  },
  linearTruth: { w: TRUE_W, b: TRUE_B, weight: '0.weight', bias: '0.bias' },
  program,
  runData: (hp, rng) => {
    const [features, labels] = createData(tensor(TRUE_W), TRUE_B, hp.samples, rng);
    return { features, labels };
  },
  cli: { result: linearErrorsLines },
  run(ctx) {
    const { epochs, lr, batchSize, samples } = ctx.hp;
    const rng = ctx.rng;
    // [1. 生成数据集]
    const [features, labels] = createData(tensor(TRUE_W), TRUE_B, samples, rng);
    ctx.dataset(linregDatasetView(features, labels, '0.weight', '0.bias'));
    // [2. 读取数据集]
    const dataIter = new data.DataLoader(new data.TensorDataset(features, labels), { batchSize, shuffle: true, rng });
    // [3. 定义模型]
    const linear = new nn.Linear(2, 1, { rng });
    const net = new nn.Sequential(linear);
    // [4. 初始化模型参数]
    linear.weight.data.normal_(0, 0.01, rng);
    linear.bias!.data.fill_(0);
    ctx.track(net.stateDict());
    // [5. 定义损失函数]
    const loss = new nn.MSELoss();
    // [6. 定义优化算法]
    const trainer = new optim.SGD(net.parameters(), { lr });
    // [7. 训练]
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (const [X, y] of dataIter) {
        const l = loss.forward(net.forward(X!), y!);
        ctx.step(l.item(), { X: X!, y: y!, objective: l, optimizer: trainer });
        trainer.zeroGrad();
        l.backward();
        trainer.step();
      }
      const l = noGrad(() => loss.forward(net.forward(features), labels).item());
      ctx.epoch({ epoch: epoch + 1, loss: l });
    }
  },
});

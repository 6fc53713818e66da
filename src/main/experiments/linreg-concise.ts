// 3.3 线性回归的简洁实现: the seed program from the study notes, step for step, on the engine (its
// minibatch loop is optimizerEpoch, which 4.4 runs too).
import { data, nn, noGrad, normal, optim, tensor, type Generator as Rng, type Tensor } from '../engine';
import { defineLinearRegression, linregDatasetView, TRUE_B, TRUE_W } from './linear-regression';
import { optimizerEpoch } from './optimizer-epoch';
import program from './programs/linreg-concise.py?raw';

/** The notes' create_data: X ~ N(0, 1), y = Xw + b + N(0, 0.01²), y shaped (n, 1). */
function createData(w: Tensor, b: number, sampleCount: number, rng: Rng): [Tensor, Tensor] {
  const X = normal(0, 1, [sampleCount, w.shape[0]!], rng);
  let y = X.matmul(w).add(b);
  y = y.add(normal(0, 0.01, y.shape.slice(), rng));
  return [X, y.reshape(-1, 1)];
}

export const linregConcise = defineLinearRegression({
  spec: {
    id: 'linreg-concise',
    section: '3.3',
    title: { zh: '线性回归的简洁实现', en: 'Concise linear regression' },
    summary: {
      zh: 'nn.Sequential(nn.Linear(2, 1))、MSELoss 与 SGD：笔记里的 3.3 程序。',
      en: 'nn.Sequential(nn.Linear(2, 1)), MSELoss and SGD: the 3.3 program from the notes.',
    },
  },
  weight: '0.weight',
  bias: '0.bias',
  program,
  runData: (hp, rng) => {
    const [features, labels] = createData(tensor(TRUE_W), TRUE_B, hp.samples, rng);
    return { features, labels };
  },
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
      optimizerEpoch(ctx, net, dataIter, loss, trainer);
      const l = noGrad(() => loss.forward(net.forward(features), labels).item());
      ctx.epoch({ epoch: epoch + 1, loss: l });
    }
  },
});

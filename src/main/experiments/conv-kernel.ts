// 6.2 图像卷积 — 学习卷积核: the book's edge example. X is a 6×8 image of ones with a black band
// in columns 2–5; Y = corr2d(X, K) with K = [[1, −1]] marks its two edges. A bias-free
// nn.Conv2d(1, 1, kernel_size=(1, 2)) learns K back from (X, Y) alone: squared error summed over
// Y, plain gradient descent on conv2d.weight.data with lr 3e-2, the book's 10 iterations.
import { epochs, lr } from '../../shared/experiment-spec';
import type { TensorView, TrainingSummary } from '../../shared/training';
import { noGrad, nn, tensor, type Tensor } from '../engine';
import { defineExperiment } from './define';
import program from './programs/conv-kernel.py?raw';

const TRUE_KERNEL = [1, -1];

/** The book's corr2d(X, K): 2-D cross-correlation of a matrix with a kernel, written out. */
export function corr2d(X: number[][], K: number[][]): number[][] {
  const h = K.length, w = K[0]!.length;
  const out: number[][] = [];
  for (let i = 0; i + h <= X.length; i++) {
    const row: number[] = [];
    for (let j = 0; j + w <= X[0]!.length; j++) {
      let s = 0;
      for (let a = 0; a < h; a++) for (let b = 0; b < w; b++) s += X[i + a]![j + b]! * K[a]![b]!;
      row.push(s);
    }
    out.push(row);
  }
  return out;
}

/** X = torch.ones((6, 8)); X[:, 2:6] = 0. */
export function edgeImage(): number[][] {
  return Array.from({ length: 6 }, () => Array.from({ length: 8 }, (_, j) => (j >= 2 && j < 6 ? 0 : 1)));
}

/** The pair the kernel is learnt from: X (1, 1, 6, 8) and Y = corr2d(X, K) (1, 1, 6, 7). */
export function edgeData(): { X: Tensor; Y: Tensor } {
  const Xm = edgeImage();
  return { X: tensor(Xm).reshape([1, 1, 6, 8]), Y: tensor(corr2d(Xm, [TRUE_KERNEL])).reshape([1, 1, 6, 7]) };
}

function matrixView(name: string, m: number[][]): TensorView {
  return { name, shape: [m.length, m[0]?.length ?? 0], data: m.flat() };
}

function kernelOf(s: TrainingSummary): number[] | undefined {
  return s.params.weight?.data;
}

export const convKernel = defineExperiment({
  spec: {
    id: 'conv-kernel',
    section: '6.2',
    title: { zh: '学习卷积核', en: 'Learning a convolution kernel' },
    summary: {
      zh: '从边缘图像 X 与其边缘检测输出 Y 学回 1×2 卷积核 [1, −1]（无偏置的 nn.Conv2d，平方误差，学习率 3e-2）。',
      en: 'Learn the 1×2 kernel [1, −1] back from the edge image X and its edge map Y (bias-free nn.Conv2d, squared error, lr 3e-2).',
    },
    hyperparameters: [epochs(10, 1000), lr(3e-2)],
    plots: ['kernel-trace', 'loss', 'matrices', 'params'],
  },
  program,
  // X and Y, for run.py to train and evaluate on (no randomness: the book's fixed image).
  runData: () => edgeData(),
  // One full-batch step per iteration, as the book loops.
  stepsPerEpoch: () => 1,
  cli: {
    printEvery: 2,
    result: (s) => {
      const k = kernelOf(s);
      return k ? `conv2d.weight.data.reshape((1, 2)): [[${k.map((v) => v.toFixed(4)).join(', ')}]] (true K: [[1, -1]])\n` : '';
    },
  },
  run(ctx) {
    const { epochs, lr } = ctx.hp;
    const Xm = edgeImage();
    const Ym = corr2d(Xm, [TRUE_KERNEL]);
    const conv2d = new nn.Conv2d(1, 1, [1, 2], { bias: false, rng: ctx.rng });
    ctx.track(conv2d.stateDict());
    const { X, Y } = edgeData();
    const trace = { steps: [0], values: [Array.from(conv2d.weight.values)], truth: TRUE_KERNEL };
    const matrices = [matrixView('X', Xm), matrixView('K', [TRUE_KERNEL]), matrixView('Y = corr2d(X, K)', Ym)];
    const show = (): void => ctx.dataset({ matrices, kernelTrace: trace, truth: { weight: TRUE_KERNEL } });
    show();
    for (let i = 0; i < epochs; i++) {
      const Yhat: Tensor = conv2d.forward(X);
      const l = Yhat.sub(Y).pow(2);
      conv2d.zeroGrad();
      const total = l.sum();
      ctx.step(total.item(), { X, y: Y, objective: total });
      total.backward();
      noGrad(() => { conv2d.weight.data.sub_(conv2d.weight.grad!.mul(lr)); });
      trace.steps.push(i + 1);
      trace.values.push(Array.from(conv2d.weight.values));
      // The book prints l.sum() of the iteration, taken before its update.
      ctx.epoch({ epoch: i + 1, loss: total.item() });
      show();
    }
  },
});

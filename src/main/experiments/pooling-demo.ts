// 6.5 汇聚层: maximum and average pooling of the numbers 0 … h·w−1 (the book's
// torch.arange(16).reshape((1, 1, 4, 4))), with the pooling window, padding and stride in the
// form, and as many channels as asked (the book's torch.cat((X, X + 1), 1): pooling keeps them).
import type { Hyperparameters } from '../../shared/experiment-spec';
import { arange, cat, nn, type Tensor } from '../engine';
import { defineExperiment } from './define';
import program from './programs/pooling.py?raw';
import { channelViews, intField } from './shape-demo';

/** X (1, c, n, n) = cat((X, X + 1, …), 1) and its maximum and average pooling with the run's window. */
export function poolingTensors(hp: Hyperparameters<'size' | 'poolSize' | 'padding' | 'stride' | 'channels'>): { X: Tensor; max: Tensor; avg: Tensor } {
  const { size: n, poolSize: k, padding: p, stride: s, channels: c } = hp;
  const one = arange(n * n).reshape([1, 1, n, n]);
  const X = cat(Array.from({ length: c }, (_, i) => one.add(i)), 1);
  const max = new nn.MaxPool2d(k, { padding: p, stride: s }).forward(X);
  const avg = new nn.AvgPool2d(k, { padding: p, stride: s }).forward(X);
  return { X, max, avg };
}

export const poolingDemo = defineExperiment({
  spec: {
    id: 'pooling',
    section: '6.5',
    title: { zh: '汇聚层', en: 'Pooling' },
    summary: {
      zh: '对 0 … h·w−1 做最大汇聚与平均汇聚；窗口、填充、步幅与通道数可调。',
      en: 'Maximum and average pooling of 0 … h·w−1, with the window, padding, stride and channels in the form.',
    },
    hyperparameters: [
      intField('size', 'size', { zh: '输入高和宽', en: 'Input height and width' }, 4, 1, 12),
      intField('poolSize', 'pool-size', { zh: '汇聚窗口', en: 'Pooling window' }, 3, 1, 6),
      intField('padding', 'padding', { zh: '填充', en: 'Padding' }, 1, 0, 3),
      intField('stride', 'stride', { zh: '步幅', en: 'Stride' }, 2, 1, 6),
      intField('channels', 'channels', { zh: '通道数', en: 'Channels' }, 1, 1, 4),
    ],
    plots: ['matrices'],
  },
  program,
  // The workbench's tensors, for run.py to compare PyTorch's pooling layers against.
  runData: (hp) => poolingTensors(hp),
  run(ctx) {
    const { X, max, avg } = poolingTensors(ctx.hp);
    ctx.dataset({ matrices: [...channelViews('X', X), ...channelViews('MaxPool2d', max), ...channelViews('AvgPool2d', avg)] });
  },
});

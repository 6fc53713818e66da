// 6.4 多输入多输出通道: a (c_i, h, w) input and a (c_o, c_i, k, k) kernel give a (c_o, h−k+1, w−k+1)
// output; each output channel sums the cross-correlations of every input channel with its own
// kernel slice. The book's numbers, generalised: X[c] = arange(h·w) + c and
// K[o][c] = arange(k·k) + c + o (with 2 channels in, 3 out, k = 2 and h = w = 3 that is the
// book's corr2d_multi_in_out example).
import type { Hyperparameters } from '../../shared/experiment-spec';
import { arange, nn, stack, type Tensor } from '../engine';
import { defineExperiment } from './define';
import program from './programs/conv-channels.py?raw';
import { channelViews, intField } from './shape-demo';

/** X (c_i, n, n), K (c_o, c_i, k, k) and Y = conv2d(X, K) (1, c_o, n−k+1, n−k+1), the book's numbers generalised. */
export function convChannelsTensors(hp: Hyperparameters<'inChannels' | 'outChannels' | 'kernelSize' | 'size'>): { X: Tensor; K: Tensor; Y: Tensor } {
  const { inChannels: ci, outChannels: co, kernelSize: k, size: n } = hp;
  const X = stack(Array.from({ length: ci }, (_, c) => arange(n * n).add(c).reshape([n, n])));
  const K = stack(Array.from({ length: co }, (_, o) => stack(Array.from({ length: ci }, (_, c) => arange(k * k).add(c + o).reshape([k, k])))));
  return { X, K, Y: nn.functional.conv2d(X.unsqueeze(0), K) };
}

export const convChannels = defineExperiment({
  spec: {
    id: 'conv-channels',
    section: '6.4',
    title: { zh: '多输入多输出通道', en: 'Multiple input and output channels' },
    summary: {
      zh: '输入 (c_i, h, w) 与卷积核 (c_o, c_i, k, k) 得到 (c_o, h−k+1, w−k+1)：每个输出通道对所有输入通道求和。',
      en: 'An input (c_i, h, w) and a kernel (c_o, c_i, k, k) give (c_o, h−k+1, w−k+1): each output channel sums over every input channel.',
    },
    hyperparameters: [
      intField('inChannels', 'in-channels', { zh: '输入通道数', en: 'Input channels' }, 2, 1, 4),
      intField('outChannels', 'out-channels', { zh: '输出通道数', en: 'Output channels' }, 3, 1, 4),
      intField('kernelSize', 'kernel-size', { zh: '卷积核大小', en: 'Kernel size' }, 2, 1, 5),
      intField('size', 'size', { zh: '输入高和宽', en: 'Input height and width' }, 3, 1, 8),
    ],
    plots: ['matrices'],
  },
  cli: {
    result: (s) => {
      const hp = s.config.hyperparameters as Record<string, number>;
      const o = hp.size! - hp.kernelSize! + 1;
      return `X: (${hp.inChannels}, ${hp.size}, ${hp.size})  K: (${hp.outChannels}, ${hp.inChannels}, ${hp.kernelSize}, ${hp.kernelSize})  Y: (${hp.outChannels}, ${o}, ${o})\n`;
    },
  },
  program,
  // The workbench's tensors, for run.py to compare the book's corr2d_multi_in_out against.
  runData: (hp) => convChannelsTensors(hp),
  run(ctx) {
    const co = ctx.hp.outChannels;
    const { X, K, Y } = convChannelsTensors(ctx.hp);
    const kernels = Array.from({ length: co }, (_, o) => channelViews(`K[${o}]`, K.indexSelect(0, [o]))).flat();
    ctx.dataset({ matrices: [...channelViews('X', X), ...kernels, ...channelViews('Y', Y)] });
  },
});

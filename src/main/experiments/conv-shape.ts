// 6.3 填充和步幅: how padding and stride set a convolution's output shape. An h×w input (the
// numbers 0 … h·w−1, so every output can be checked by hand) is cross-correlated with a kh×kw
// kernel of ones through nn.functional.conv2d; the panel shows the input, the padded input, the
// kernel and the output, and the CLI prints the book's ⌊(n − k + 2p + s)/s⌋ for each side.
import type { Hyperparameters } from '../../shared/experiment-spec';
import type { TrainingSummary } from '../../shared/training';
import { arange, nn, ones, zeros, type Tensor } from '../engine';
import { defineExperiment } from './define';
import program from './programs/conv-shape.py?raw';
import { channelViews, intField, outSize } from './shape-demo';

const side = (zh: string, en: string) => ({ zh, en });

function shapeLine(s: TrainingSummary): string {
  const hp = s.config.hyperparameters as Record<string, number>;
  const line = (n: number, k: number, p: number, st: number): string => `⌊(${n} − ${k} + 2·${p} + ${st}) / ${st}⌋ = ${outSize(n, k, p, st)}`;
  return `output height ${line(hp.height!, hp.kernelHeight!, hp.padHeight!, hp.strideHeight!)}\n` +
    `output width  ${line(hp.width!, hp.kernelWidth!, hp.padWidth!, hp.strideWidth!)}\n`;
}

type ShapeKey = 'height' | 'width' | 'kernelHeight' | 'kernelWidth' | 'padHeight' | 'padWidth' | 'strideHeight' | 'strideWidth';

/** X = arange(h·w) as (1, 1, h, w), K = ones (1, 1, kh, kw) and Y = F.conv2d(X, K, stride, padding). */
export function convShapeTensors(hp: Hyperparameters<ShapeKey>): { X: Tensor; K: Tensor; Y: Tensor } {
  const { height: h, width: w, kernelHeight: kh, kernelWidth: kw, padHeight: ph, padWidth: pw, strideHeight: sh, strideWidth: sw } = hp;
  const X = arange(h * w).reshape([1, 1, h, w]);
  const K = ones([1, 1, kh, kw]);
  return { X, K, Y: nn.functional.conv2d(X, K, null, [sh, sw], [ph, pw]) };
}

export const convShape = defineExperiment({
  spec: {
    id: 'conv-shape',
    section: '6.3',
    title: { zh: '填充和步幅', en: 'Padding and stride' },
    summary: {
      zh: '改变输入、卷积核、填充与步幅，看输出形状 ⌊(n − k + 2p + s)/s⌋ 如何变化。',
      en: 'Change the input, kernel, padding and stride and watch the output shape ⌊(n − k + 2p + s)/s⌋ follow.',
    },
    hyperparameters: [
      intField('height', 'height', side('输入高度', 'Input height'), 8, 1, 16),
      intField('width', 'width', side('输入宽度', 'Input width'), 8, 1, 16),
      intField('kernelHeight', 'kernel-height', side('卷积核高度', 'Kernel height'), 3, 1, 8),
      intField('kernelWidth', 'kernel-width', side('卷积核宽度', 'Kernel width'), 3, 1, 8),
      intField('padHeight', 'pad-height', side('上下填充', 'Padding (rows)'), 1, 0, 4),
      intField('padWidth', 'pad-width', side('左右填充', 'Padding (columns)'), 1, 0, 4),
      intField('strideHeight', 'stride-height', side('垂直步幅', 'Stride (rows)'), 1, 1, 4),
      intField('strideWidth', 'stride-width', side('水平步幅', 'Stride (columns)'), 1, 1, 4),
    ],
    plots: ['matrices'],
  },
  program,
  // The workbench's tensors, for run.py to compare PyTorch's conv2d against.
  runData: (hp) => convShapeTensors(hp),
  cli: { result: shapeLine },
  run(ctx) {
    const { height: h, width: w, padHeight: ph, padWidth: pw, strideHeight: sh, strideWidth: sw } = ctx.hp;
    const { X, K, Y } = convShapeTensors(ctx.hp);
    const padded = zeros([h + 2 * ph, w + 2 * pw]);
    const pv = padded.values, xv = X.values;
    for (let i = 0; i < h; i++) for (let j = 0; j < w; j++) pv[(i + ph) * (w + 2 * pw) + j + pw] = xv[i * w + j]!;
    ctx.dataset({
      matrices: [
        ...channelViews('X', X),
        ...channelViews(`X padded (${ph}, ${pw})`, padded),
        ...channelViews('K', K),
        ...channelViews(`Y, stride (${sh}, ${sw})`, Y),
      ],
    });
  },
});

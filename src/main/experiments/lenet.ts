// 6.6 卷积神经网络（LeNet）: the book's LeNet (sigmoid activations, average pooling) trained with
// train_ch6 — Xavier-uniform weights, SGD(lr=0.9), CrossEntropyLoss, batch 256, 10 epochs — on
// Fashion-MNIST. Per epoch: the train_ch6 trio (train loss, train acc, test acc); and, for the
// panels, the first test image through every layer and the first layer's six kernels as they are.
import type { FeatureMaps, TensorView } from '../../shared/training';
import { noGrad, nn, optim, Tensor } from '../engine';
import { IMAGE_PIXELS, IMAGE_SIDE, type FashionMnist } from '../services/datasets';
import { classificationReport, evaluateAccuracy, trainEpochCh3 } from './classify-loop';
import { CLASSIFIER_PLOTS, FASHION_TRAIN_SIZE, fashionClassifierHyperparameters, fashionImagesView, fashionRunData, fashionStepsPerEpoch } from './fashion-data';
import { lenet, xavierInit } from './lenet-model';
import { defineExperiment } from './define';
import program from './programs/lenet.py?raw';

/** What each of LeNet's twelve layers is called in the feature-map view (PyTorch's repr, short). */
const LAYER_NAMES = [
  'Conv2d(1, 6, 5, padding=2)', 'Sigmoid', 'AvgPool2d(2, 2)', 'Conv2d(6, 16, 5)', 'Sigmoid', 'AvgPool2d(2, 2)',
  'Flatten', 'Linear(400, 120)', 'Sigmoid', 'Linear(120, 84)', 'Sigmoid', 'Linear(84, 10)',
];

function view(name: string, t: Tensor): TensorView {
  return { name, shape: t.shape.slice(1), data: Array.from(t.values) };
}

/**
 * The book's `for layer in net: X = layer(X)` on test image `index`: the input and every layer's
 * output (batch dimension dropped), under no_grad and eval(). Layer by layer, so nothing is fused.
 */
export function featureMaps(net: nn.Sequential, ds: FashionMnist, index = 0): FeatureMaps {
  const x = new Float32Array(IMAGE_PIXELS);
  const src = ds.test.pixels.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS);
  for (let i = 0; i < IMAGE_PIXELS; i++) x[i] = src[i]! / 255;
  let X = new Tensor(x, [1, 1, IMAGE_SIDE, IMAGE_SIDE]);
  const layers: TensorView[] = [view('input', X)];
  noGrad(() => {
    net.layers.forEach((layer, i) => {
      X = layer.forward(X);
      // Flatten only reshapes what the view already shows.
      if (!(layer instanceof nn.Flatten)) layers.push(view(`${i} ${LAYER_NAMES[i] ?? layer.constructor.name}`, X));
    });
  });
  return { label: ds.test.labels[index]!, layers };
}

/** The first convolution's kernels, (6, 1, 5, 5). */
export function firstKernels(net: nn.Sequential): TensorView {
  const w = (net.at(0) as nn.Conv2d).weight;
  return { name: '0.weight', shape: w.shape.slice(), data: Array.from(w.values) };
}

export const lenetExperiment = defineExperiment({
  spec: {
    id: 'lenet',
    section: '6.6',
    title: { zh: '卷积神经网络（LeNet）', en: 'Convolutional neural network (LeNet)' },
    summary: {
      zh: '两个 sigmoid 卷积块（5×5 卷积 + 2×2 平均汇聚）接三个全连接层；Xavier 初始化，SGD，学习率 0.9。',
      en: 'Two sigmoid convolution blocks (5×5 convolution + 2×2 average pooling) then three dense layers; Xavier init, SGD, lr 0.9.',
    },
    hyperparameters: fashionClassifierHyperparameters(0.9),
    plots: [...CLASSIFIER_PLOTS.filter((p) => p !== 'params'), 'feature-maps', 'kernels'],
    trainingSetSize: FASHION_TRAIN_SIZE,
  },
  stepsPerEpoch: fashionStepsPerEpoch,
  program,
  run(ctx) {
    const { epochs, lr } = ctx.hp;
    const { ds, trainIter, testIter } = fashionRunData(ctx);
    const net = lenet(ctx.rng);
    net.apply(xavierInit(ctx.rng));
    ctx.track(net.stateDict());
    // Each view replaces the last, so it carries the training images too.
    const images = fashionImagesView(ds);
    const show = (): void => ctx.dataset({ ...images, featureMaps: featureMaps(net, ds), kernels: firstKernels(net) });
    if (ds.test.count > 0) show();
    const loss = new nn.CrossEntropyLoss({ reduction: 'none' });
    const trainer = new optim.SGD(net.parameters(), { lr });
    let last: { accuracy: number; predicted: Uint8Array } | undefined;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const [trainLoss, trainAcc] = trainEpochCh3(ctx, net, trainIter, (yHat, y) => loss.forward(yHat, y), trainer);
      last = evaluateAccuracy(ctx, net, testIter);
      if (ds.test.count > 0) show();
      ctx.epoch({ epoch: epoch + 1, loss: trainLoss, trainAccuracy: trainAcc, testAccuracy: last.accuracy });
    }
    if (last) ctx.report({ classification: classificationReport(ds, last) });
  },
});

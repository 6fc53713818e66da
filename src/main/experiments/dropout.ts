// 4.6 暂退法（Dropout）, the concise version: 784-256-256-10 with nn.Dropout(dropout1) and
// nn.Dropout(dropout2) after the two hidden ReLUs, weights N(0, 0.01²), SGD(lr=0.5). Dropout is
// active under net.train() and the identity under net.eval(), which train_ch3 switches between.
import { findExperiment } from '../../shared/catalog';
import { nn, optim } from '../engine';
import { trainCh3 } from './classify-loop';
import { fashionImagesView, fashionStepsPerEpoch, loadDataFashionMnist, loadFashionForRun } from './fashion-data';
import { initWeights } from './softmax-concise';
import type { Experiment } from './types';

export const dropout: Experiment = {
  spec: findExperiment('dropout')!,
  stepsPerEpoch: fashionStepsPerEpoch,
  run(ctx) {
    const { epochs, lr, batchSize, dropout1, dropout2 } = ctx.hp as Record<'epochs' | 'lr' | 'batchSize' | 'dropout1' | 'dropout2', number>;
    const ds = loadFashionForRun();
    ctx.dataset(fashionImagesView(ds));
    const [trainIter, testIter] = loadDataFashionMnist(ds, batchSize, ctx.rng);
    const rng = ctx.rng;
    const net = new nn.Sequential(
      new nn.Flatten(),
      new nn.Linear(784, 256, { rng }),
      new nn.ReLU(),
      // 在第一个全连接层之后添加一个dropout层
      new nn.Dropout(dropout1, rng),
      new nn.Linear(256, 256, { rng }),
      new nn.ReLU(),
      // 在第二个全连接层之后添加一个dropout层
      new nn.Dropout(dropout2, rng),
      new nn.Linear(256, 10, { rng }),
    );
    net.apply(initWeights(rng));
    ctx.track(net.stateDict());
    const loss = new nn.CrossEntropyLoss({ reduction: 'none' });
    const trainer = new optim.SGD(net.parameters(), { lr });
    trainCh3(ctx, ds, net, trainIter, testIter, (yHat, y) => loss.forward(yHat, y), epochs, trainer);
  },
};

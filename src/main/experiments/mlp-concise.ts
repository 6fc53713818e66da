// 4.3 多层感知机的简洁实现: nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
// nn.Linear(256, 10)), weights N(0, 0.01²), CrossEntropyLoss(reduction='none'), SGD(lr=0.1).
import { findExperiment } from '../../shared/catalog';
import { nn, optim } from '../engine';
import { trainCh3 } from './classify-loop';
import { fashionImagesView, fashionStepsPerEpoch, loadDataFashionMnist, loadFashionForRun } from './fashion-data';
import { initWeights } from './softmax-concise';
import type { Experiment } from './types';

export const mlpConcise: Experiment = {
  spec: findExperiment('mlp-concise')!,
  stepsPerEpoch: fashionStepsPerEpoch,
  run(ctx) {
    const { epochs, lr, batchSize } = ctx.hp as Record<'epochs' | 'lr' | 'batchSize', number>;
    const ds = loadFashionForRun();
    ctx.dataset(fashionImagesView(ds));
    const [trainIter, testIter] = loadDataFashionMnist(ds, batchSize, ctx.rng);
    const rng = ctx.rng;
    const net = new nn.Sequential(
      new nn.Flatten(),
      new nn.Linear(784, 256, { rng }),
      new nn.ReLU(),
      new nn.Linear(256, 10, { rng }),
    );
    net.apply(initWeights(rng));
    ctx.track(net.stateDict());
    const loss = new nn.CrossEntropyLoss({ reduction: 'none' });
    const trainer = new optim.SGD(net.parameters(), { lr });
    trainCh3(ctx, ds, net, trainIter, testIter, (yHat, y) => loss.forward(yHat, y), epochs, trainer);
  },
};

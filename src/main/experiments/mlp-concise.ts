// 4.3 多层感知机的简洁实现: nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
// nn.Linear(256, 10)), weights N(0, 0.01²), CrossEntropyLoss(reduction='none'), SGD(lr=0.1).
import { epochs, lr } from '../../shared/experiment-spec';
import { nn, optim } from '../engine';
import { fashionBatch } from './fashion-data';
import { defineFashionClassifier } from './fashion-classifier';
import { initWeights } from './softmax-concise';
import program from './programs/mlp-concise.py?raw';

export const mlpConcise = defineFashionClassifier({
  spec: {
    id: 'mlp-concise',
    section: '4.3',
    title: { zh: '多层感知机的简洁实现', en: 'Concise multilayer perceptron' },
    summary: {
      zh: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))。',
      en: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)).',
    },
    hyperparameters: [epochs(10, 200), lr(0.1), fashionBatch()],
  },
  program,
  model(ctx) {
    const { lr } = ctx.hp;
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
    return { net, loss: (yHat, y) => loss.forward(yHat, y), updater: trainer };
  },
});

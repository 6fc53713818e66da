// 4.3 多层感知机的简洁实现: nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(),
// nn.Linear(256, 10)), weights N(0, 0.01²), CrossEntropyLoss(reduction='none'), SGD(lr=0.1).
import { nn } from '../engine';
import { defineConciseClassifier } from './concise-classifier';
import program from './programs/mlp-concise.py?raw';

export const mlpConcise = defineConciseClassifier({
  spec: {
    id: 'mlp-concise',
    section: '4.3',
    title: { zh: '多层感知机的简洁实现', en: 'Concise multilayer perceptron' },
    summary: {
      zh: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))。',
      en: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)).',
    },
  },
  lr: 0.1,
  program,
  net: ({ rng }) => new nn.Sequential(
    new nn.Flatten(),
    new nn.Linear(784, 256, { rng }),
    new nn.ReLU(),
    new nn.Linear(256, 10, { rng }),
  ),
});

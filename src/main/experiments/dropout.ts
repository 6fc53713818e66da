// 4.6 暂退法（Dropout）, the concise version: 784-256-256-10 with nn.Dropout(dropout1) and
// nn.Dropout(dropout2) after the two hidden ReLUs, weights N(0, 0.01²), SGD(lr=0.5). Dropout is
// active under net.train() and the identity under net.eval(), which train_ch3 switches between.
import type { HyperparameterSpec, Localized } from '../../shared/experiment-spec';
import { nn } from '../engine';
import { defineConciseClassifier } from './concise-classifier';
import program from './programs/dropout.py?raw';

const dropoutP = <K extends string>(key: K, d: number, which: Localized): HyperparameterSpec<K> => ({
  key, flag: key, label: { zh: `${which.zh}暂退概率`, en: `Dropout after ${which.en}` }, kind: 'float', default: d, min: 0, max: 1,
});

export const dropout = defineConciseClassifier({
  spec: {
    id: 'dropout',
    section: '4.6',
    title: { zh: '暂退法（Dropout）', en: 'Dropout' },
    summary: {
      zh: '784-256-256-10，两个隐藏层后分别接 Dropout(0.2) 与 Dropout(0.5)，学习率 0.5。',
      en: '784-256-256-10 with Dropout(0.2) and Dropout(0.5) after the hidden layers, learning rate 0.5.',
    },
    hyperparameters: [
      dropoutP('dropout1', 0.2, { zh: '第一隐藏层后', en: 'hidden layer 1' }),
      dropoutP('dropout2', 0.5, { zh: '第二隐藏层后', en: 'hidden layer 2' }),
    ],
  },
  lr: 0.5,
  program,
  net(ctx) {
    const { dropout1, dropout2 } = ctx.hp;
    const rng = ctx.rng;
    return new nn.Sequential(
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
  },
});

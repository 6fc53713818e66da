// 3.7 softmax 回归的简洁实现: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), weights N(0, 0.01²),
// CrossEntropyLoss(reduction='none') and SGD(lr=0.1), trained with train_ch3.
import { nn } from '../engine';
import { defineConciseClassifier } from './concise-classifier';
import program from './programs/softmax-concise.py?raw';

export const softmaxConcise = defineConciseClassifier({
  spec: {
    id: 'softmax-concise',
    section: '3.7',
    title: { zh: 'softmax 回归的简洁实现', en: 'Concise softmax regression' },
    summary: {
      zh: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 10))、CrossEntropyLoss 与 SGD。',
      en: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), CrossEntropyLoss and SGD.',
    },
  },
  lr: 0.1,
  program,
  // PyTorch不会隐式地调整输入的形状，因此我们在线性层前定义了展平层（flatten）
  net: ({ rng }) => new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 10, { rng })),
});

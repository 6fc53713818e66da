// 3.7 softmax 回归的简洁实现: nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), weights N(0, 0.01²),
// CrossEntropyLoss(reduction='none') and SGD(lr=0.1), trained with train_ch3.
import { epochs, lr } from '../../shared/experiment-spec';
import { nn, optim, type Generator } from '../engine';
import { fashionBatch } from './fashion-data';
import { defineFashionClassifier } from './fashion-classifier';
import program from './programs/softmax-concise.py?raw';

/** The book's init_weights: every Linear's weight ~ N(0, 0.01²); biases keep PyTorch's default. */
export function initWeights(rng: Generator): (m: nn.Module) => void {
  return (m: nn.Module): void => {
    if (m instanceof nn.Linear) nn.init.normal_(m.weight, 0, 0.01, rng);
  };
}

export const softmaxConcise = defineFashionClassifier({
  spec: {
    id: 'softmax-concise',
    section: '3.7',
    title: { zh: 'softmax 回归的简洁实现', en: 'Concise softmax regression' },
    summary: {
      zh: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 10))、CrossEntropyLoss 与 SGD。',
      en: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), CrossEntropyLoss and SGD.',
    },
    hyperparameters: [epochs(10, 200), lr(0.1), fashionBatch()],
  },
  program,
  model(ctx) {
    const { lr } = ctx.hp;
    // PyTorch不会隐式地调整输入的形状，因此我们在线性层前定义了展平层（flatten）
    const net = new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 10, { rng: ctx.rng }));
    net.apply(initWeights(ctx.rng));
    ctx.track(net.stateDict());
    const loss = new nn.CrossEntropyLoss({ reduction: 'none' });
    const trainer = new optim.SGD(net.parameters(), { lr });
    return { net, loss: (yHat, y) => loss.forward(yHat, y), updater: trainer };
  },
});

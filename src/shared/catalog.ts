// The experiment catalog: ids, book sections, titles and hyperparameter specs. It lives in
// src/shared so the CLI, the training service and the renderer's forms validate with the same
// ranges and print the same messages.

export type Localized = { zh: string; en: string };

export interface HyperparameterSpec {
  key: string;
  /** CLI flag without the leading dashes, e.g. `batch-size`. */
  flag: string;
  label: Localized;
  kind: 'int' | 'float';
  default: number;
  min: number;
  max: number;
  /** When true, `min` itself is not allowed (e.g. lr > 0). */
  minExclusive?: boolean;
  unit?: Localized;
  /** Hint for the UI: show the field on a log scale / with scientific notation. */
  log?: boolean;
}

export interface ExperimentSpec {
  id: string;
  /** Book section, e.g. "3.3". */
  section: string;
  title: Localized;
  summary: Localized;
  hyperparameters: HyperparameterSpec[];
  /**
   * Plots this experiment feeds. Classifiers: `images` (the 3.5 grid of training images),
   * `accuracy` (train loss / train acc / test acc per epoch, the book's Animator), `predictions`
   * (true vs predicted test images) and `confusion` (test confusion matrix) after training.
   * `activation`: 4.1's functions and their gradients.
   */
  plots: Array<'scatter' | 'loss' | 'params' | 'curve' | 'weight-norm' | 'images' | 'accuracy' | 'predictions' | 'confusion' | 'activation'>;
}

const epochs = (d: number, max = 1000): HyperparameterSpec => ({
  key: 'epochs', flag: 'epochs', label: { zh: '训练轮数', en: 'Epochs' }, kind: 'int', default: d, min: 1, max,
});
const lr = (d: number): HyperparameterSpec => ({
  key: 'lr', flag: 'lr', label: { zh: '学习率', en: 'Learning rate' }, kind: 'float', default: d, min: 0,
  max: 1000, minExclusive: true, log: true,
});
const batchSize = (d: number, max: number): HyperparameterSpec => ({
  key: 'batchSize', flag: 'batch-size', label: { zh: '批量大小', en: 'Batch size' }, kind: 'int', default: d, min: 1, max,
});
const samples = (d: number, min: number, max: number): HyperparameterSpec => ({
  key: 'samples', flag: 'samples', label: { zh: '样本数', en: 'Samples' }, kind: 'int', default: d, min, max,
});

/** Fashion-MNIST has 60,000 training images: a batch can be at most all of them. */
const fashionBatch = (): HyperparameterSpec => batchSize(256, 60000);
const dropoutP = (key: 'dropout1' | 'dropout2', d: number, which: Localized): HyperparameterSpec => ({
  key, flag: key, label: { zh: `${which.zh}暂退概率`, en: `Dropout after ${which.en}` }, kind: 'float', default: d, min: 0, max: 1,
});
const CLASSIFIER_PLOTS: ExperimentSpec['plots'] = ['images', 'loss', 'accuracy', 'predictions', 'confusion'];

export const SEED_SPEC: HyperparameterSpec = {
  key: 'seed', flag: 'seed', label: { zh: '随机种子', en: 'Seed' }, kind: 'int', default: 42, min: 0, max: 2 ** 31 - 1,
};

export const EXPERIMENTS: readonly ExperimentSpec[] = [
  {
    id: 'linreg-scratch',
    section: '3.2',
    title: { zh: '线性回归的从零开始实现', en: 'Linear regression from scratch' },
    summary: {
      zh: '手写 linreg、squared_loss 和小批量 sgd，拟合 y = Xw + b + ε。',
      en: 'Hand-written linreg, squared_loss and minibatch sgd fitting y = Xw + b + noise.',
    },
    hyperparameters: [epochs(3), lr(0.03), batchSize(10, 100000), samples(1000, 1, 100000)],
    plots: ['scatter', 'loss', 'params'],
  },
  {
    id: 'linreg-concise',
    section: '3.3',
    title: { zh: '线性回归的简洁实现', en: 'Concise linear regression' },
    summary: {
      zh: 'nn.Sequential(nn.Linear(2, 1))、MSELoss 与 SGD：笔记里的 3.3 程序。',
      en: 'nn.Sequential(nn.Linear(2, 1)), MSELoss and SGD: the 3.3 program from the notes.',
    },
    hyperparameters: [epochs(3), lr(0.03), batchSize(10, 100000), samples(1000, 1, 100000)],
    plots: ['scatter', 'loss', 'params'],
  },
  {
    id: 'softmax-scratch',
    section: '3.6',
    title: { zh: 'softmax 回归的从零开始实现', en: 'Softmax regression from scratch' },
    summary: {
      zh: '手写 softmax、交叉熵和小批量 sgd，在 Fashion-MNIST 上训练 784 → 10 的线性模型。',
      en: 'Hand-written softmax, cross-entropy and minibatch sgd: a 784 → 10 linear model on Fashion-MNIST.',
    },
    hyperparameters: [epochs(10, 200), lr(0.1), fashionBatch()],
    plots: CLASSIFIER_PLOTS,
  },
  {
    id: 'softmax-concise',
    section: '3.7',
    title: { zh: 'softmax 回归的简洁实现', en: 'Concise softmax regression' },
    summary: {
      zh: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 10))、CrossEntropyLoss 与 SGD。',
      en: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 10)), CrossEntropyLoss and SGD.',
    },
    hyperparameters: [epochs(10, 200), lr(0.1), fashionBatch()],
    plots: CLASSIFIER_PLOTS,
  },
  {
    id: 'activations',
    section: '4.1',
    title: { zh: '激活函数：ReLU、sigmoid、tanh', en: 'Activation functions: ReLU, sigmoid, tanh' },
    summary: {
      zh: '在 x ∈ [−8, 8] 上画出三种激活函数及其由自动微分求得的导数。',
      en: 'The three activation functions on x ∈ [−8, 8] and their derivatives, computed by autograd.',
    },
    hyperparameters: [],
    plots: ['activation'],
  },
  {
    id: 'mlp-scratch',
    section: '4.2',
    title: { zh: '多层感知机的从零开始实现', en: 'Multilayer perceptron from scratch' },
    summary: {
      zh: '784-256-10，手写 relu，参数 W1、b1、W2、b2，在 Fashion-MNIST 上训练。',
      en: '784-256-10 with a hand-written relu and parameters W1, b1, W2, b2, on Fashion-MNIST.',
    },
    hyperparameters: [epochs(10, 200), lr(0.1), fashionBatch()],
    plots: CLASSIFIER_PLOTS,
  },
  {
    id: 'mlp-concise',
    section: '4.3',
    title: { zh: '多层感知机的简洁实现', en: 'Concise multilayer perceptron' },
    summary: {
      zh: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))。',
      en: 'nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)).',
    },
    hyperparameters: [epochs(10, 200), lr(0.1), fashionBatch()],
    plots: CLASSIFIER_PLOTS,
  },
  {
    id: 'polyfit',
    section: '4.4',
    title: { zh: '多项式回归：欠拟合与过拟合', en: 'Polynomial regression: under- and overfitting' },
    summary: {
      zh: '用 x^i/i! 特征拟合三阶多项式，比较 2、4、20 个特征。',
      en: 'Fit a cubic with x^i/i! features; compare 2, 4 and 20 features.',
    },
    hyperparameters: [
      epochs(400, 5000), lr(0.01), batchSize(10, 100),
      { key: 'features', flag: 'features', label: { zh: '使用的特征数', en: 'Features used' }, kind: 'int', default: 4, min: 1, max: 20 },
    ],
    plots: ['scatter', 'loss', 'curve'],
  },
  {
    id: 'weight-decay',
    section: '4.5',
    title: { zh: '权重衰减', en: 'Weight decay' },
    summary: {
      zh: '200 维输入、20 个训练样本：比较 λ = 0 与 λ = 3 时的训练/测试损失和 ‖w‖。',
      en: '200 inputs, 20 training examples: train/test loss and ‖w‖ with λ = 0 vs 3.',
    },
    hyperparameters: [
      epochs(100, 5000), lr(0.003), batchSize(5, 20),
      { key: 'lambda', flag: 'lambda', label: { zh: '权重衰减 λ', en: 'Weight decay λ' }, kind: 'float', default: 3, min: 0, max: 1000 },
    ],
    plots: ['loss', 'weight-norm'],
  },
  {
    id: 'dropout',
    section: '4.6',
    title: { zh: '暂退法（Dropout）', en: 'Dropout' },
    summary: {
      zh: '784-256-256-10，两个隐藏层后分别接 Dropout(0.2) 与 Dropout(0.5)，学习率 0.5。',
      en: '784-256-256-10 with Dropout(0.2) and Dropout(0.5) after the hidden layers, learning rate 0.5.',
    },
    hyperparameters: [
      epochs(10, 200), lr(0.5), fashionBatch(),
      dropoutP('dropout1', 0.2, { zh: '第一隐藏层后', en: 'hidden layer 1' }),
      dropoutP('dropout2', 0.5, { zh: '第二隐藏层后', en: 'hidden layer 2' }),
    ],
    plots: CLASSIFIER_PLOTS,
  },
];

export function findExperiment(id: string): ExperimentSpec | undefined {
  return EXPERIMENTS.find((e) => e.id === id);
}

/** One message for CLI and UI alike: names the field and the allowed range. */
export function checkHyperparameter(spec: HyperparameterSpec, value: number): string | null {
  const range = `${spec.minExclusive ? '>' : '≥'} ${spec.min} and ≤ ${spec.max}`;
  if (!Number.isFinite(value)) return `${spec.flag} must be a finite number ${range}, got ${value}`;
  if (spec.kind === 'int' && !Number.isInteger(value)) return `${spec.flag} must be a whole number ${range}, got ${value}`;
  const tooLow = spec.minExclusive ? value <= spec.min : value < spec.min;
  if (tooLow || value > spec.max) return `${spec.flag} must be ${range}, got ${value}`;
  return null;
}

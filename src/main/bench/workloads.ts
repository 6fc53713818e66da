// The two training workloads, written with the engine's public API exactly as a d2l reader would
// (docs/engine-api.md); reference-python.ts runs the same programs in PyTorch.
import { Generator, data, nn, noGrad, optim, randn, tensor } from '../engine';
import { secondsPerCall, secondsPerRun } from './timing';

export const SEED_SAMPLES = 1000;
export const SEED_BATCH = 10;
export const SEED_EPOCHS = 3;
export const SEED_STEPS = SEED_EPOCHS * Math.ceil(SEED_SAMPLES / SEED_BATCH);

export interface SeedFigures { usPerStep: number; msPerTraining: number; steps: number }
export interface MlpFigures { stepsPerSec: number }

/** Book section 3.3: the concise linear-regression program, 3 epochs, timed end to end. */
export function benchSeed(quick: boolean): SeedFigures {
  const rng = new Generator(42);
  const [features, labels] = data.syntheticData(tensor([2, -3.4]), 4.2, SEED_SAMPLES, rng);
  const train = (): void => {
    const loader = new data.DataLoader(new data.TensorDataset(features, labels), { batchSize: SEED_BATCH, shuffle: true, rng });
    const net = new nn.Sequential(new nn.Linear(2, 1, { rng }));
    const first = net.at(0) as nn.Linear;
    first.weight.data.normal_(0, 0.01, rng);
    first.bias!.data.fill_(0);
    const loss = new nn.MSELoss();
    const trainer = new optim.SGD(net.parameters(), { lr: 0.03 });
    for (let epoch = 0; epoch < SEED_EPOCHS; epoch++) {
      for (const [X, y] of loader) {
        const l = loss.forward(net.forward(X!), y!);
        trainer.zeroGrad();
        l.backward();
        trainer.step();
      }
      // The book prints the full-data loss after each epoch; it is part of the program's cost.
      noGrad(() => loss.forward(net.forward(features), labels).item());
    }
  };
  const seconds = secondsPerRun(train, quick ? 2 : 3, quick ? 3 : 5);
  return { usPerStep: (seconds / SEED_STEPS) * 1e6, msPerTraining: seconds * 1e3, steps: SEED_STEPS };
}

/** One SGD step of a 784-256-10 ReLU MLP on a fixed batch of 256 (chapter 4.3's shape), per call. */
export function mlpStep(): () => void {
  const rng = new Generator(0);
  const net = new nn.Sequential(new nn.Linear(784, 256, { rng }), new nn.ReLU(), new nn.Linear(256, 10, { rng }));
  const X = randn([256, 784], rng);
  const y = tensor(Float32Array.from({ length: 256 }, () => rng.randint(10)));
  const loss = new nn.CrossEntropyLoss();
  const trainer = new optim.SGD(net.parameters(), { lr: 0.1 });
  return () => {
    const l = loss.forward(net.forward(X), y);
    trainer.zeroGrad();
    l.backward();
    trainer.step();
  };
}

export function benchMlp(quick: boolean): MlpFigures {
  const seconds = secondsPerCall(mlpStep(), { samples: quick ? 3 : 5, minSampleMs: quick ? 100 : 300 });
  return { stepsPerSec: 1 / seconds };
}

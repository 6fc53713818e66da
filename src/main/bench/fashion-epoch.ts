// One epoch of chapter 4.3's MLP on the real Fashion-MNIST (60k training images, then the 10k
// test accuracy), in the engine (the app's own `mlp-concise` experiment) and in PyTorch (the book's
// train_epoch_ch3 + evaluate_accuracy), in the same bench invocation. Data loading is not timed on
// either side; each side is run twice and the faster epoch counts (the first warms up).
import { CATALOG } from '../experiments/catalog';
import { mlpConcise } from '../experiments/mlp-concise';
import { datasetStatus } from '../services/datasets';
import { datasetConfigForRuns } from '../services/datasets/run-config';
import { runExperiment } from '../services/training/runner';
import { validateTrainingRequest } from '../../shared/training';
import type { EpochFigures } from './results';
import { runPythonJson } from './python-json';
import FASHION_PRELUDE from './python/fashion_prelude.py?raw';

export type { EpochFigures };

/** The folder holding the four IDX files, or a reason why there is none. */
export async function fashionDir(): Promise<{ dir?: string; missing?: string }> {
  const status = await datasetStatus(datasetConfigForRuns().dataDir);
  if (status.found && status.location) return { dir: status.location.dir };
  return { missing: `Fashion-MNIST not found (looked in ${status.searched.map((s) => s.dir).join(', ')})` };
}

/**
 * `mlp-concise` for `epochs` epochs on the active backend, `runs` times; the fastest run counts.
 * Seconds are training time; the accuracy is the last epoch's on the test set.
 */
export function engineMlpEpoch(epochs = 1, runs = 2): EpochFigures {
  const checked = validateTrainingRequest({ experiment: mlpConcise.spec.id, hyperparameters: { epochs }, seed: 42 }, CATALOG.specs);
  if (!checked.ok) throw new Error(checked.message);
  let best: EpochFigures | undefined;
  for (let i = 0; i < runs; i++) {
    const s = runExperiment(checked.config, {});
    if (s.status !== 'completed') throw new Error(`mlp-concise ${s.status}: ${s.message ?? ''}`);
    const seconds = s.timing.trainMs / 1e3;
    const testAccuracy = s.epochs.at(-1)?.testAccuracy ?? Number.NaN;
    if (!best || seconds < best.seconds) best = { seconds, testAccuracy };
  }
  return best!;
}

const SCRIPT = String.raw`
${FASHION_PRELUDE}

def epoch():
    torch.manual_seed(42)
    train_iter = data.DataLoader(data.TensorDataset(Xtr, ytr), 256, shuffle=True)
    test_iter = data.DataLoader(data.TensorDataset(Xte, yte), 256, shuffle=False)
    net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))
    for m in net:
        if type(m) == nn.Linear: nn.init.normal_(m.weight, std=0.01)
    loss = nn.CrossEntropyLoss(reduction='none')
    trainer = torch.optim.SGD(net.parameters(), lr=0.1)
    t = time.perf_counter()
    net.train()
    total, correct, n = 0.0, 0.0, 0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        trainer.zero_grad()
        l.mean().backward()
        trainer.step()
        total += float(l.sum()); correct += float((y_hat.argmax(1) == y).sum()); n += y.numel()
    net.eval()
    right, seen = 0.0, 0
    with torch.no_grad():
        for X, y in test_iter:
            right += float((net(X).argmax(1) == y).sum()); seen += y.numel()
    return time.perf_counter() - t, right / seen

runs = [epoch(), epoch()]
best = min(runs)
print(json.dumps({'seconds': best[0], 'testAccuracy': best[1]}))
`;

export function torchMlpEpoch(dir: string, python: string): Promise<EpochFigures> {
  return runPythonJson<EpochFigures>(python, SCRIPT, [dir], 180_000);
}

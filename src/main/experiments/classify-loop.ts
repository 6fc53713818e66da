// The book's train_ch3 (3.6), shared by every classifier of chapters 3 and 4: per epoch the mean
// training loss and training accuracy (from the training forward passes, as train_epoch_ch3 keeps
// them) and the test accuracy (evaluate_accuracy, under eval() and no-grad). After the last epoch:
// the test confusion matrix and the first test images with their predictions (predict_ch3).
import { noGrad, type Tensor, type optim } from '../engine';
import type { ClassificationReport } from '../../shared/training';
import { CLASS_COUNT, samplesOf, type FashionMnist } from '../services/datasets';
import type { FashionLoader } from './fashion-data';
import type { ExperimentContext } from './define';

export interface Classifier {
  /** Logits or probabilities, (N, 10). */
  forward(X: Tensor): Tensor;
  /** net.train() / net.eval() for an nn.Module; absent for the from-scratch models. */
  train?(mode?: boolean): unknown;
  eval?(): unknown;
}

/** Per-example losses, shaped (N,): like nn.CrossEntropyLoss(reduction='none'). */
export type LossFn = (yHat: Tensor, y: Tensor) => Tensor;

/** torch.optim.Optimizer, or the book's hand-written updater(batch_size). */
export type Updater = optim.SGD | ((batchSize: number) => void);

const PREDICTION_SAMPLES = 18;

/** Number of correct predictions (the book's accuracy()). */
export function accuracy(yHat: Tensor, y: Tensor): number {
  return yHat.argmax(1).eq(y).sum().item();
}

/**
 * evaluate_accuracy, keeping every prediction (the test loader runs in dataset order). The stop
 * flag is read before every batch: the 10,000 test images take as long as many training steps.
 */
export function evaluateAccuracy(
  ctx: Pick<ExperimentContext, 'checkStop'>, net: Classifier, dataIter: FashionLoader,
): { accuracy: number; predicted: Uint8Array } {
  net.eval?.();
  const predicted = new Uint8Array(dataIter.split.count);
  let correct = 0;
  let seen = 0;
  noGrad(() => {
    for (const [X, y] of dataIter) {
      ctx.checkStop();
      const p = net.forward(X).argmax(1).values;
      const yv = y.values;
      for (let i = 0; i < p.length; i++) {
        predicted[seen + i] = p[i]!;
        if (p[i] === yv[i]) correct++;
      }
      seen += p.length;
    }
  });
  return { accuracy: seen === 0 ? 0 : correct / seen, predicted };
}

/** train_epoch_ch3: returns [mean training loss, training accuracy]. */
export function trainEpochCh3(ctx: ExperimentContext, net: Classifier, trainIter: FashionLoader, loss: LossFn, updater: Updater): [number, number] {
  net.train?.();
  let lossSum = 0;
  let correct = 0;
  let seen = 0;
  for (const [X, y] of trainIter) {
    const yHat = net.forward(X);
    const l = loss(yHat, y);
    const n = y.shape[0]!;
    const batchSum = l.sum();
    const sum = batchSum.item();
    if (typeof updater === 'function') {
      ctx.step(sum / n, { X, y, objective: batchSum });
      batchSum.backward();
      updater(n);
    } else {
      const objective = l.mean();
      ctx.step(sum / n, { X, y, objective, optimizer: updater });
      updater.zeroGrad();
      objective.backward();
      updater.step();
    }
    lossSum += sum;
    correct += accuracy(yHat, y);
    seen += n;
  }
  return [lossSum / seen, correct / seen];
}

export function confusionMatrix(truth: Uint8Array, predicted: Uint8Array): number[][] {
  const m = Array.from({ length: CLASS_COUNT }, () => new Array<number>(CLASS_COUNT).fill(0));
  for (let i = 0; i < truth.length; i++) m[truth[i]!]![predicted[i]!]!++;
  return m;
}

/** train_ch3, reporting each epoch to the run and, at the end, the confusion matrix and predictions. */
export function trainCh3(
  ctx: ExperimentContext, ds: FashionMnist, net: Classifier, trainIter: FashionLoader, testIter: FashionLoader,
  loss: LossFn, numEpochs: number, updater: Updater,
): void {
  let last: { accuracy: number; predicted: Uint8Array } | undefined;
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    const [trainLoss, trainAcc] = trainEpochCh3(ctx, net, trainIter, loss, updater);
    last = evaluateAccuracy(ctx, net, testIter);
    ctx.epoch({ epoch: epoch + 1, loss: trainLoss, trainAccuracy: trainAcc, testAccuracy: last.accuracy });
  }
  if (!last) return;
  ctx.report({ classification: classificationReport(ds, last) });
}

export function classificationReport(ds: FashionMnist, result: { accuracy: number; predicted: Uint8Array }): ClassificationReport {
  const n = Math.min(PREDICTION_SAMPLES, ds.test.count);
  const indices = Array.from({ length: n }, (_, i) => i);
  return {
    testAccuracy: result.accuracy,
    confusion: confusionMatrix(ds.test.labels, result.predicted),
    predictions: { ...samplesOf(ds, 'test', indices), predicted: indices.map((i) => result.predicted[i]!) },
  };
}

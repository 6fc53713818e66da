// The book's two linear regressions (3.2 from scratch, 3.3 concise) differ only in how they write
// the model, the loss and the update; they fit the same y = Xw + b + ε with the same hyperparameters
// (3 epochs, lr 0.03, batch 10, 1000 examples), show the same plots and print the same e(w), e(b).
// An experiment here writes its part and nothing else.
import { batchSize, epochs, lr, samples, type ExperimentSpec } from '../../shared/experiment-spec';
import type { DatasetView } from '../../shared/training';
import type { Tensor } from '../engine';
import { column, strideIndices } from './dataset-view';
import { defineExperiment, type Experiment } from './define';
import { linearErrorsLines } from './print';

/** The true parameters the data is drawn from: true_w = torch.tensor([2, -3.4]), true_b = 4.2. */
export const TRUE_W = [2, -3.4];
export const TRUE_B = 4.2;

type LinearRegressionKeys = 'epochs' | 'lr' | 'batchSize' | 'samples';

export interface LinearRegressionDefinition
  extends Pick<Experiment<LinearRegressionKeys>, 'program' | 'runData' | 'run'> {
  readonly spec: Pick<ExperimentSpec, 'id' | 'section' | 'title' | 'summary'>;
  /** The state_dict names of the learned w and b, compared with TRUE_W and TRUE_B for e(w), e(b). */
  readonly weight: string;
  readonly bias: string;
}

/** The book's scatter: the second feature against the label, with the fitted line from the named parameters. */
export function linregDatasetView(features: Tensor, labels: Tensor, weight: string, bias: string): DatasetView {
  const rows = strideIndices(features.shape[0]!);
  return {
    scatter: { xLabel: 'features[:, 1]', yLabel: 'labels', x: column(features.values, 2, 1, rows), y: column(labels.values, 1, 0, rows) },
    fit: { kind: 'linear', weight, bias, featureIndex: 1 },
    truth: { [weight]: TRUE_W, [bias]: [TRUE_B] },
  };
}

export function defineLinearRegression(def: LinearRegressionDefinition): Experiment<LinearRegressionKeys> {
  const { spec, weight, bias, ...rest } = def;
  return defineExperiment({
    spec: {
      ...spec,
      hyperparameters: [epochs(3), lr(0.03), batchSize(10, 100000), samples(1000, 1, 100000)],
      plots: ['scatter', 'loss', 'params'],
      trainingSetSize: { hyperparameter: 'samples' },
    },
    linearTruth: { w: TRUE_W, b: TRUE_B, weight, bias },
    cli: { result: linearErrorsLines },
    ...rest,
  });
}

// The chapter 3–4 classifiers (3.6, 3.7, 4.2, 4.3, 4.6) differ only in the model, the loss and the
// updater the book writes for them; the data (load_data_fashion_mnist), the plots and the training
// loop (train_ch3) are the same, in TypeScript and in the PyTorch program. An experiment here writes
// its part and nothing else.
import type { ExperimentSpec } from '../../shared/experiment-spec';
import { trainCh3, type Classifier, type LossFn, type Updater } from './classify-loop';
import { defineExperiment, type Experiment, type ExperimentContext } from './define';
import { CLASSIFIER_PLOTS, FASHION_TRAIN_SIZE, fashionRunData, fashionStepsPerEpoch } from './fashion-data';
import SHARED_PROGRAM from './programs/fashion-classifier.py?raw';

/** What the book defines before calling train_ch3(net, train_iter, test_iter, loss, num_epochs, updater). */
export interface Ch3Model {
  readonly net: Classifier;
  readonly loss: LossFn;
  readonly updater: Updater;
}

type Ch3Keys = 'epochs' | 'batchSize';

export interface FashionClassifierDefinition<K extends string> {
  readonly spec: Omit<ExperimentSpec<K | Ch3Keys>, 'plots' | 'trainingSetSize'>;
  /**
   * The book's model for the section: `make_net()` and `make_loss_and_updater(net)`; the data, the
   * loop and the metric (programs/fashion-classifier.py) are appended, as in run() below.
   */
  readonly program: string;
  /** Builds the model after the data is loaded, as the book's code does (the generator draws in that order). */
  model(ctx: ExperimentContext<K | Ch3Keys>): Ch3Model;
}

export function defineFashionClassifier<K extends string>(def: FashionClassifierDefinition<K>): Experiment<K | Ch3Keys> {
  return defineExperiment<K | Ch3Keys>({
    spec: { ...def.spec, plots: CLASSIFIER_PLOTS, trainingSetSize: FASHION_TRAIN_SIZE },
    stepsPerEpoch: fashionStepsPerEpoch,
    program: `${def.program.trimEnd()}\n\n\n${SHARED_PROGRAM}`,
    run(ctx) {
      const { ds, trainIter, testIter } = fashionRunData(ctx);
      const { net, loss, updater } = def.model(ctx);
      trainCh3(ctx, ds, net, trainIter, testIter, loss, ctx.hp.epochs, updater);
    },
  });
}

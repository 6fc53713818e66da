// The chapter 3–4 classifiers (3.6, 3.7, 4.2, 4.3, 4.6) differ only in the model, the loss and the
// updater the book writes for them, and in the learning rate; the data (load_data_fashion_mnist),
// the plots, the training loop (train_ch3) and its num_epochs and batch_size are the same, in
// TypeScript and in the PyTorch program. An experiment here writes its part and nothing else.
import type { ExperimentSpec, HyperparameterSpec } from '../../shared/experiment-spec';
import { nn, type Generator } from '../engine';
import { trainCh3, type Classifier, type LossFn, type Updater } from './classify-loop';
import { defineExperiment, type Experiment, type ExperimentContext } from './define';
import { CLASSIFIER_PLOTS, FASHION_TRAIN_SIZE, fashionClassifierHyperparameters, fashionRunData, fashionStepsPerEpoch } from './fashion-data';
import SHARED_PROGRAM from './programs/fashion-classifier.py?raw';

/** What the book defines before calling train_ch3(net, train_iter, test_iter, loss, num_epochs, updater). */
export interface Ch3Model {
  readonly net: Classifier;
  readonly loss: LossFn;
  readonly updater: Updater;
}

/** The hyperparameters every classifier here has (fashionClassifierHyperparameters). */
export type Ch3Keys = 'epochs' | 'lr' | 'batchSize';

export interface FashionClassifierDefinition<K extends string> {
  /** The section's spec; `hyperparameters` lists only its own, which follow epochs, lr and batch size. */
  readonly spec: Omit<ExperimentSpec<K>, 'hyperparameters' | 'plots' | 'trainingSetSize'> & {
    readonly hyperparameters?: ReadonlyArray<HyperparameterSpec<K>>;
  };
  /** The learning rate the book trains this section's model with (the lr default). */
  readonly lr: number;
  /**
   * The book's model for the section: `make_net()` and `make_loss_and_updater(net)`; the data, the
   * loop and the metric (programs/fashion-classifier.py) are appended, as in run() below.
   */
  readonly program: string;
  /** Builds the model after the data is loaded, as the book's code does (the generator draws in that order). */
  model(ctx: ExperimentContext<K | Ch3Keys>): Ch3Model;
}

/** The book's init_weights (programs/fashion-classifier.py): every Linear's weight ~ N(0, 0.01²); biases keep PyTorch's default. */
export function initWeights(rng: Generator): (m: nn.Module) => void {
  return (m: nn.Module): void => {
    if (m instanceof nn.Linear) nn.init.normal_(m.weight, 0, 0.01, rng);
  };
}

export function defineFashionClassifier<K extends string = never>(def: FashionClassifierDefinition<K>): Experiment<K | Ch3Keys> {
  const own: ReadonlyArray<HyperparameterSpec<K>> = def.spec.hyperparameters ?? [];
  return defineExperiment<K | Ch3Keys>({
    spec: {
      ...def.spec,
      hyperparameters: [...fashionClassifierHyperparameters(def.lr), ...own],
      plots: CLASSIFIER_PLOTS,
      trainingSetSize: FASHION_TRAIN_SIZE,
    },
    stepsPerEpoch: fashionStepsPerEpoch,
    program: `${def.program.trimEnd()}\n\n\n${SHARED_PROGRAM}`,
    run(ctx) {
      const { ds, trainIter, testIter } = fashionRunData(ctx);
      const { net, loss, updater } = def.model(ctx);
      trainCh3(ctx, ds, net, trainIter, testIter, loss, ctx.hp.epochs, updater);
    },
  });
}

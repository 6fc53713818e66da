// The concise classifiers (3.7, 4.3, 4.6) differ only in their network: the book then writes
// net.apply(init_weights), CrossEntropyLoss(reduction='none') and SGD(net.parameters(), lr) the same
// way each time — here, and in the program's make_loss_and_updater (programs/concise-classifier.py).
import { nn, optim } from '../engine';
import type { Experiment, ExperimentContext } from './define';
import { defineFashionClassifier, initWeights, type Ch3Keys, type FashionClassifierDefinition } from './fashion-classifier';
import LOSS_AND_UPDATER from './programs/concise-classifier.py?raw';

export interface ConciseClassifierDefinition<K extends string> extends Omit<FashionClassifierDefinition<K>, 'model'> {
  /** The book's nn.Sequential, built after the data is loaded (the generator draws in that order); init_weights follows. */
  net(ctx: ExperimentContext<K | Ch3Keys>): nn.Sequential;
}

export function defineConciseClassifier<K extends string = never>(def: ConciseClassifierDefinition<K>): Experiment<K | Ch3Keys> {
  const { net: makeNet, ...rest } = def;
  return defineFashionClassifier<K>({
    ...rest,
    program: `${def.program.trimEnd()}\n\n\n${LOSS_AND_UPDATER}`,
    model(ctx) {
      const net = makeNet(ctx);
      net.apply(initWeights(ctx.rng));
      ctx.track(net.stateDict());
      const loss = new nn.CrossEntropyLoss({ reduction: 'none' });
      const trainer = new optim.SGD(net.parameters(), { lr: ctx.hp.lr });
      return { net, loss: (yHat, y) => loss.forward(yHat, y), updater: trainer };
    },
  });
}

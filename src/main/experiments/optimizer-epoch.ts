// One pass over the data with a torch optimiser and a mean loss, the loop the book writes out in 3.3
// and runs through train_epoch_ch3 in 4.4: for X, y in data_iter: l = loss(net(X), y);
// trainer.zero_grad(); l.backward(); trainer.step().
import type { data, nn, optim } from '../engine';
import type { ExperimentContext } from './define';

export function optimizerEpoch(
  ctx: Pick<ExperimentContext, 'step'>, net: nn.Module, dataIter: data.DataLoader, loss: nn.Module, trainer: optim.Optimizer,
): void {
  for (const [X, y] of dataIter) {
    const l = loss.forward(net.forward(X!), y!);
    // Reported before backward(), as step mode needs (see ExperimentContext.step).
    ctx.step(l.item(), { X: X!, y: y!, objective: l, optimizer: trainer });
    trainer.zeroGrad();
    l.backward();
    trainer.step();
  }
}

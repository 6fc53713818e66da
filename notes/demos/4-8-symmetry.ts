// Hidden units that start equal get equal gradients, so gradient descent never tells them apart.
import { Generator, nn, optim, randn } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const rng = new Generator(0);
  const hidden = new nn.Linear(4, 3);
  const net = new nn.Sequential(hidden, new nn.Sigmoid(), new nn.Linear(3, 1));
  for (const p of net.parameters()) nn.init.constant_(p, 0.5);  // every weight the same

  const X = randn([8, 4], rng), y = randn([8, 1], rng);
  const loss = new nn.MSELoss();
  const trainer = new optim.SGD(net.parameters(), { lr: 0.5 });
  for (let step = 0; step < 20; step++) {
    trainer.zeroGrad();
    loss.forward(net.forward(X), y).backward();
    trainer.step();
  }
  print(hidden.weight);  // 3 hidden units, 3 identical rows: in effect one unit
  print(hidden.bias);
  // demo:end
}

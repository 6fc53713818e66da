// The gradient reaching the first layer of a 20-layer stack: sigmoid vs ReLU, default vs Xavier (and He) initialisation.
import { Generator, nn, randn } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const depth = 20, width = 16;
  type Init = 'default' | 'xavier' | 'he';
  function gradNorms(act: 'sigmoid' | 'relu', init: Init): string {
    const rng = new Generator(0);
    const layers: nn.Module[] = [];
    for (let i = 0; i < depth; i++) {
      const lin = new nn.Linear(width, width, { rng });            // default: U(±1/√16)
      if (init === 'xavier') nn.init.xavierUniform_(lin.weight, 1, rng);
      if (init === 'he') nn.init.kaimingUniform_(lin.weight, 0, rng);  // ReLU's gain √2
      layers.push(lin, act === 'sigmoid' ? new nn.Sigmoid() : new nn.ReLU());
    }
    const net = new nn.Sequential(...layers);
    net.forward(randn([16, width], rng)).sum().backward();
    const norm = (i: number) => (net.at(i) as nn.Linear).weight.grad!.pow(2).sum().sqrt().item();
    return `first layer ${norm(0).toExponential(1)}   last layer ${norm(2 * depth - 2).toExponential(1)}`;
  }
  const runs: ['sigmoid' | 'relu', Init][] = [
    ['sigmoid', 'default'], ['sigmoid', 'xavier'], ['relu', 'default'], ['relu', 'xavier'], ['relu', 'he'],
  ];
  for (const [act, init] of runs) {
    print(`${act.padEnd(7)} ${init.padEnd(7)}  ‖∂l/∂W‖: ${gradNorms(act, init)}`);
  }
  // demo:end
}

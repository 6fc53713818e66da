// autogradGraph() against PyTorch 1.13's grad_fn graph for the same modules (fixtures/graph.json,
// recorded by record_graph.py): the same node names in the same walk order, the same shapes and
// edges. Fused engine nodes (Linear+ReLU, log-softmax+NLL) must expand into PyTorch's nodes.
import { describe, expect, it } from 'vitest';
import { Generator, autogradGraph, nn, randint, randn, type Tensor } from '../../src/main/engine';
import { loadFixture } from './golden-helpers';

type LayerSpec = [string, ...(number | boolean)[]];
interface GraphCase {
  name: string;
  layers: LayerSpec[];
  loss: 'mse' | 'ce' | 'ce-none-mean';
  inputShape: number[];
  classes: number;
  graph: { nodes: { id: number; op: string; shape: number[] }[]; edges: [number, number][] };
}

function build(layers: LayerSpec[], rng: Generator): nn.Module {
  const mods = layers.map(([kind, ...args]): nn.Module => {
    switch (kind) {
      case 'Linear': return new nn.Linear(args[0] as number, args[1] as number, { bias: args[2] as boolean, rng });
      case 'Flatten': return new nn.Flatten();
      case 'ReLU': return new nn.ReLU();
      case 'Sigmoid': return new nn.Sigmoid();
      case 'Tanh': return new nn.Tanh();
      case 'Dropout': return new nn.Dropout(args[0] as number, rng);
      default: throw new Error(`unknown layer ${kind}`);
    }
  });
  return new nn.Sequential(...mods);
}

function lossOf(c: GraphCase, y: Tensor, rng: Generator): Tensor {
  if (c.loss === 'mse') return new nn.MSELoss().forward(y, randn(y.shape, undefined, rng));
  const target = randint(0, c.classes, [c.inputShape[0]], rng);
  if (c.loss === 'ce') return new nn.CrossEntropyLoss().forward(y, target);
  return new nn.CrossEntropyLoss({ reduction: 'none' }).forward(y, target).mean();
}

const { cases } = loadFixture<{ cases: GraphCase[] }>('graph');

describe('autogradGraph matches PyTorch grad_fn graphs', () => {
  for (const c of cases) {
    it(c.name, () => {
      const rng = new Generator(3);
      const net = build(c.layers, rng);
      const loss = lossOf(c, net.forward(randn(c.inputShape, undefined, rng)), rng);
      const g = autogradGraph(loss);
      expect(g.nodes).toEqual(c.graph.nodes);
      expect([...g.edges].sort((a, b) => a[0] - b[0] || a[1] - b[1])).toEqual(c.graph.edges);
      // The walk is read-only: backward still works and fills every parameter's gradient.
      loss.backward();
      for (const p of net.parameters()) expect(p.grad).not.toBeNull();
    });
  }
});

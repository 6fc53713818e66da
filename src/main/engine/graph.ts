// The autograd graph behind a tensor, as PyTorch would show it for the same code: walking gradFn
// inputs from the result, one node per PyTorch grad_fn (fused engine nodes expand into the nodes
// they stand for, nn.Linear's weight passes through TBackward0) and one AccumulateGrad per leaf
// that requires grad. Tensors that need no gradient (the data batch, class targets) are not
// nodes, as PyTorch's next_functions hold None for them.
import type { Tensor } from './tensor';
import type { GradFn } from './autograd';

export interface GraphNode {
  /** Numbered in the order PyTorch's depth-first walk of next_functions meets the nodes. */
  readonly id: number;
  /** PyTorch's grad_fn class name, e.g. 'AddmmBackward0', or 'AccumulateGrad' for a leaf. */
  readonly op: string;
  /** Shape of the node's result (of the leaf for AccumulateGrad). */
  readonly shape: readonly number[];
}

/** Edges point forward: [producer, consumer], i.e. from a next_functions entry to its node. */
export interface AutogradGraph {
  readonly nodes: GraphNode[];
  readonly edges: [number, number][];
}

/** A node with the tensor it stands for: null inside a fused node and for TBackward0. */
export interface TracedNode extends GraphNode {
  readonly tensor: Tensor | null;
}

export interface TracedGraph {
  readonly nodes: TracedNode[];
  readonly edges: [number, number][];
}

/**
 * Walks the graph that produced `root`. Call it before backward() (or after one with
 * retainGraph): a backward pass without it releases activations the graph held, and the shapes of
 * those tensors read as empty afterwards.
 */
export function traceAutograd(root: Tensor): TracedGraph {
  const nodes: TracedNode[] = [];
  const edges: [number, number][] = [];
  const seenFn = new Map<GradFn, number>();
  const seenLeaf = new Map<Tensor, number>();
  const add = (op: string, shape: readonly number[], tensor: Tensor | null): number => {
    const id = nodes.length;
    nodes.push({ id, op, shape: shape.slice(), tensor });
    return id;
  };

  // Iterative: a long chain (a hand-written loop of many ops) must not overflow the stack. Each
  // task visits one tensor and links the resulting node into `consumer`.
  interface Task { tensor: Tensor; consumer: number | null; transposed: boolean }
  const stack: Task[] = [{ tensor: root, consumer: null, transposed: false }];
  const link = (from: number, to: number | null): void => {
    if (to !== null) edges.push([from, to]);
  };
  while (stack.length > 0) {
    const { tensor: t, consumer, transposed } = stack.pop()!;
    if (!t.requiresGrad) continue;
    let to = consumer;
    if (transposed) {
      const s = t.shape;
      const tId = add('TBackward0', s.length === 2 ? [s[1], s[0]] : s, null);
      link(tId, to);
      to = tId;
    }
    const fn = t.gradFn;
    if (fn === null) {
      const known = seenLeaf.get(t);
      if (known !== undefined) link(known, to);
      else {
        const id = add('AccumulateGrad', t.shape, t);
        seenLeaf.set(t, id);
        link(id, to);
      }
      continue;
    }
    const known = seenFn.get(fn);
    if (known !== undefined) {
      link(known, to);
      continue;
    }
    // The last PyTorch node first (it is the one `to` sees), down to the first, which takes the
    // engine node's inputs.
    const names = fn.fusedOf ?? [fn.name];
    let first = -1;
    for (let k = names.length - 1; k >= 0; k--) {
      const last = k === names.length - 1;
      const id = add(names[k], last ? t.shape : (fn.fusedShapes?.[k] ?? t.shape), last ? t : null);
      if (last) seenFn.set(fn, id);
      link(id, to);
      to = id;
      first = id;
    }
    const order = fn.torchInputs ?? fn.inputs.map((_, i) => i);
    // Pushed in reverse so they are visited in PyTorch's order (pre-order ids match its walk).
    for (let j = order.length - 1; j >= 0; j--) {
      const o = order[j];
      const index = typeof o === 'number' ? o : o.transposed;
      stack.push({ tensor: fn.inputs[index], consumer: first, transposed: typeof o !== 'number' });
    }
  }
  return { nodes, edges };
}

/** The graph behind `root`: `{ nodes: [{ id, op, shape }], edges: [[from, to]] }` (see traceAutograd). */
export function autogradGraph(root: Tensor): AutogradGraph {
  const { nodes, edges } = traceAutograd(root);
  return { nodes: nodes.map(({ id, op, shape }) => ({ id, op, shape })), edges };
}

// The dynamic graph: each op result that needs a gradient carries a GradFn naming its inputs and a
// backward closure over raw Float32Arrays. backward() sorts the graph iteratively (no recursion
// limit on long chains) and runs the closures from the output back to the leaves.
import { Tensor } from './tensor';
import { MIN_CACHED_FLOATS, releaseStorage, takeStorage } from './backend/caching-allocator';

/**
 * An activation's storage and every tensor that reads it (the tensor that allocated it and its
 * views), released together: the tensors become empty, so a stale reference through gradFn.inputs
 * sees nothing rather than another step's numbers.
 */
export interface RetiredStorage {
  readonly storage: Float32Array;
  readonly tensors: readonly Tensor[];
}

const EMPTY_VALUES = new Float32Array(0);
const EMPTY_SHAPE: readonly number[] = [0];

/** Empties the tensors and hands their storage to the caching allocator (their readers are all done). */
export function releaseRetired(r: RetiredStorage): void {
  for (const t of r.tensors) {
    t.values = EMPTY_VALUES;
    t.shape = EMPTY_SHAPE;
    t.strides = null;
  }
  releaseStorage(r.storage);
}

/**
 * Backward closure: given the gradient of the op's output, returns one gradient per input (null
 * for inputs that need none). It must not mutate `g`, and may return `g` itself.
 */
export type BackwardFn = (g: Float32Array) => readonly (Float32Array | null)[];

export interface GradFn {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /** Replaced by a function that throws once a backward pass without retainGraph released it. */
  backward: BackwardFn;
  /** @internal whether PyTorch's node saves tensors its backward needs (freed after backward). */
  readonly savesTensors: boolean;
  /**
   * When this one engine node does the work of several PyTorch nodes (a Sequential's Linear+ReLU,
   * cross-entropy's log-softmax+NLL): their names in forward order. `name` is then the last one,
   * which is what PyTorch prints as the result's grad_fn. The graph (graph.ts) expands from this.
   */
  readonly fusedOf?: readonly string[];
  /** The result shape of each node in `fusedOf` (same length), for the expanded graph. */
  readonly fusedShapes?: readonly (readonly number[])[];
  /**
   * How PyTorch's (first) node lists its inputs, when that differs from `inputs`: indices into
   * `inputs` in PyTorch's order; `{ transposed: i }` is an input PyTorch reaches through a
   * TBackward0 node (nn.Linear computes addmm(bias, x, weight.t())).
   */
  readonly torchInputs?: readonly TorchInput[];
}

/** One input of a PyTorch node, as an index into the engine node's inputs (see GradFn.torchInputs). */
export type TorchInput = number | { readonly transposed: number };

/** What an op tells the graph about itself beyond its name (see GradFn). */
export interface GraphMeta {
  readonly fusedOf?: readonly string[];
  readonly fusedShapes?: readonly (readonly number[])[];
  readonly torchInputs?: readonly TorchInput[];
}

/**
 * Ops whose PyTorch backward node saves no tensors (only sizes, dims or scalars): PyTorch can run
 * them again after the graph was released, so the engine does too. Every other node saved a
 * tensor that PyTorch frees after backward, and a second pass through it fails.
 */
const SAVES_NO_TENSORS = new Set([
  'AddBackward0', 'SubBackward0', 'NegBackward0', 'SumBackward0', 'SumBackward1', 'MeanBackward0',
  'ViewBackward0', 'ReshapeAliasBackward0', 'UnsafeViewBackward0', 'UnsqueezeBackward0', 'SqueezeBackward0',
  'SqueezeBackward1', 'TransposeBackward0', 'PermuteBackward0', 'ExpandBackward0', 'CloneBackward0', 'CatBackward0',
  'StackBackward0',
]);

const FREED_MESSAGE = 'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

const freed: BackwardFn = () => {
  throw new Error(FREED_MESSAGE);
};

let gradEnabled = true;
let passCounter = 0;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording a graph (torch.no_grad). */
export function noGrad<T>(fn: () => T): T {
  return withGradEnabled(false, fn);
}

/** Runs `fn` with recording switched back on (torch.enable_grad). */
export function enableGrad<T>(fn: () => T): T {
  return withGradEnabled(true, fn);
}

/** Runs `fn` with recording on or off, and restores the previous mode however `fn` ends. */
function withGradEnabled<T>(enabled: boolean, fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

export function setGradEnabled(flag: boolean): void {
  gradEnabled = flag;
}

/** True when an op on these inputs must record itself. */
export function needsGrad(a: Tensor, b?: Tensor | null): boolean {
  return gradEnabled && (a.requiresGrad || (b != null && b.requiresGrad));
}

/**
 * Marks `out` as produced by an op, so backward() can reach `inputs` through it. `savesTensors`
 * overrides what the node's name says (PyTorch saves only what the inputs needing grad use).
 */
export function record(
  out: Tensor, name: string, inputs: readonly Tensor[], backward: BackwardFn, savesTensors?: boolean, meta?: GraphMeta,
): Tensor {
  out.requiresGrad = true;
  out.gradFn = { name, inputs, backward, savesTensors: savesTensors ?? !SAVES_NO_TENSORS.has(name), ...meta };
  return out;
}

function addArrays(a: Float32Array, b: Float32Array): Float32Array {
  const out = takeStorage(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/** Post-order of the non-leaf tensors reachable from root (inputs before the ops using them). */
function topoOrder(root: Tensor, pass: number): Tensor[] {
  const order: Tensor[] = [];
  const stack: Tensor[] = [root];
  const next: number[] = [0];
  root.gradMark = pass;
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const inputs = t.gradFn!.inputs;
    const i = next[top];
    if (i < inputs.length) {
      next[top] = i + 1;
      const c = inputs[i];
      if (c.gradFn !== null && c.requiresGrad && c.gradMark !== pass) {
        c.gradMark = pass;
        stack.push(c);
        next.push(0);
      }
    } else {
      order.push(t);
      stack.pop();
      next.pop();
    }
  }
  return order;
}

/** Propagates `grad` (the gradient of root, same size) back to every leaf requiring grad. */
export function runBackward(root: Tensor, grad: Float32Array, gradIsShared: boolean, retainGraph = false): void {
  // Leaves collect their sums in gradAcc too, and are written to .grad only at the end.
  const leaves: Tensor[] = [];
  const pass = ++passCounter;
  if (root.gradFn === null) {
    root.gradAcc = grad;
    leaves.push(root);
  } else {
    root.gradAcc = grad;
    const order = topoOrder(root, pass);
    try {
      propagate(order, leaves, retainGraph, grad);
    } catch (err) {
      // Leave no half-accumulated gradients behind for the next backward().
      for (const t of order) t.gradAcc = null;
      for (const t of leaves) t.gradAcc = null;
      throw err;
    }
  }
  finishLeaves(leaves, grad, gradIsShared);
}

function propagate(order: Tensor[], leaves: Tensor[], retainGraph: boolean, rootGrad: Float32Array): void {
  // How many gradient slots (gradAcc of any tensor, leaf or not) hold each buffer right now. When
  // a node is done with its incoming gradient and no slot holds that buffer any more (a view node
  // passes it on; add hands it to two inputs; a leaf keeps it as .grad), nothing can read it
  // again: it goes back to the caching allocator. The root's gradient is the caller's and is never released.
  const slots = new Map<ArrayBufferLike, number>();
  const hold = (a: Float32Array, delta: number): number => {
    const n = (slots.get(a.buffer) ?? 0) + delta;
    slots.set(a.buffer, n);
    return n;
  };
  const drop = (a: Float32Array): void => {
    if (hold(a, -1) <= 0 && a.length >= MIN_CACHED_FLOATS && a.buffer !== rootGrad.buffer) {
      slots.delete(a.buffer);
      releaseStorage(a);
    }
  };
  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k];
    const g = t.gradAcc;
    t.gradAcc = null;
    if (g === null) continue;
    // retainGrad(): a copy, because g may be passed on to an input or recycled below.
    if (t.retainsGrad) t.grad = new Tensor(g.slice(), t.shape);
    const fn = t.gradFn!;
    const grads = fn.backward(g);
    if (!retainGraph) {
      // Dropping the closure also lets the saved arrays be collected, as PyTorch frees them.
      if (fn.savesTensors) fn.backward = freed;
      const retired = t.releaseOnBackward;
      if (retired !== null) {
        t.releaseOnBackward = null;
        for (const r of retired) releaseRetired(r);
      }
    }
    const inputs = fn.inputs;
    for (let j = 0; j < inputs.length; j++) {
      const gi = grads[j];
      const inp = inputs[j];
      if (gi == null || !inp.requiresGrad) continue;
      if (gi.length !== inp.values.length) {
        throw new Error(`${fn.name}: gradient for input ${j} has ${gi.length} elements, expected ${inp.values.length}`);
      }
      const prev = inp.gradAcc;
      if (prev === null && inp.gradFn === null) leaves.push(inp);
      if (prev === null) {
        inp.gradAcc = gi;
        hold(gi, 1);
      } else {
        const sum = addArrays(prev, gi);
        inp.gradAcc = sum;
        hold(sum, 1);
        drop(prev);
      }
    }
    // Counted after the inputs took theirs, so a gradient passed on stays held.
    drop(g);
  }
}

function finishLeaves(leaves: Tensor[], grad: Float32Array, gradIsShared: boolean): void {
  // A gradient array may have been handed to several leaves (add passes g through unchanged), or be
  // the caller's own tensor: each leaf's .grad must own its storage, so shared arrays are copied.
  const used = leaves.length > 1 || gradIsShared ? new Set<Float32Array>() : null;
  if (used !== null && gradIsShared) used.add(grad);
  for (const leaf of leaves) {
    const g = leaf.gradAcc!;
    leaf.gradAcc = null;
    if (leaf.grad === null) {
      leaf.setGrad(used !== null && used.has(g) ? g.slice() : g);
      used?.add(g);
    } else {
      const acc = leaf.grad.values;
      for (let i = 0; i < acc.length; i++) acc[i] += g[i];
    }
    const hooks = leaf.postAccumulateGradHooks;
    if (hooks !== null) for (const hook of [...hooks]) hook(leaf);
  }
}

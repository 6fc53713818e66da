// nn.Sequential: children are named '0', '1', … and typed per position, so
// `new Sequential(new Linear(2, 1)).at(0).weight` type-checks.
//
// forward() also recycles the activations passed between its layers when every layer is one of
// the engine's own (which keep no reference to their input or output): such an activation can
// only be read by the next layer's graph node and its own producer's, so its storage goes back to
// the caching allocator at once under noGrad, or once backward has run through both
// (backend/caching-allocator.ts).
import type { Tensor } from '../tensor';
import { Module } from './module';
import { Linear } from './linear';
import { Flatten, Identity, ReLU, Sigmoid, Softmax, Tanh } from './activation';
import { Conv2d } from './conv';
import { Dropout } from './dropout';
import { AvgPool2d, MaxPool2d } from './pooling';
import { linear } from '../ops/linear';
import { conv2d } from '../ops/conv';
import { releaseRetired, type RetiredStorage } from '../autograd';

/** Layers whose forward keeps no reference to its input or output (exact classes: a subclass may). */
const PLAIN_LAYERS = new Set<unknown>([Linear, Conv2d, ReLU, Sigmoid, Tanh, Softmax, Identity, Flatten, Dropout, MaxPool2d, AvgPool2d]);

function isPlain(m: Module): boolean {
  if (m.constructor === Sequential) return (m as Sequential).layers.every(isPlain);
  return PLAIN_LAYERS.has(m.constructor);
}

/** The activation module at `m`, when it is one a Linear or Conv2d before it can fuse. */
function fusable(m: Module | undefined): 'relu' | 'sigmoid' | null {
  const k = m?.constructor;
  return k === ReLU ? 'relu' : k === Sigmoid ? 'sigmoid' : null;
}

/**
 * `r`'s storage has been consumed by the layer that produced `next` (which reads other storage).
 * Nothing outside the chain holds it, so it is released as soon as its last reader is done: now
 * if no graph node recorded it, else after backward through its producer's node (which runs after
 * the consumer's), or through the consumer's when no node produced it.
 */
function retire(r: RetiredStorage, next: Tensor): void {
  const producer = r.tensors[0];
  if (next.gradFn === null && producer.gradFn === null) {
    releaseRetired(r);
    return;
  }
  const trigger = producer.gradFn !== null ? producer : next;
  (trigger.releaseOnBackward ??= []).push(r);
}

export class Sequential<M extends Module[] = Module[]> extends Module {
  /** @internal read by isPlain for nested Sequentials. */
  readonly layers: M;

  constructor(...modules: M) {
    super();
    this.layers = modules;
  }

  get length(): number {
    return this.layers.length;
  }

  /** The i-th module; negative i counts from the end. */
  at<I extends number>(i: I): M[I] {
    const n = this.layers.length;
    const k = i < 0 ? i + n : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`Sequential.at: index ${i} is out of range for ${n} modules`);
    return this.layers[k];
  }

  override namedChildren(): [string, Module][] {
    return this.layers.map((m, i) => [String(i), m]);
  }

  forward(x: Tensor): Tensor {
    const layers = this.layers;
    const recycle = layers.every(isPlain);
    let y = x;
    // The storage the latest layer allocated (null while the chain still reads the caller's input)
    // and every tensor over it (its views, e.g. Flatten's output).
    let owned: RetiredStorage | null = null;
    for (let i = 0; i < layers.length;) {
      const [out, used] = this.step(i, y);
      i += used;
      if (recycle) {
        if (out.values.buffer === y.values.buffer) {
          if (owned !== null) (owned.tensors as Tensor[]).push(out);
        } else {
          if (owned !== null) retire(owned, out);
          owned = { storage: out.values, tensors: [out] };
        }
      }
      y = out;
    }
    // The last storage is the result's: the caller owns it.
    return y;
  }

  /**
   * Runs the layer at i on y, or fused with what follows (exact classes only, so a subclass that
   * overrides forward() is still called): Linear or Conv2d then ReLU or Sigmoid as one node, the
   * activation applied in place on the layer's output (an array and a pass saved each way); and a
   * Conv2d [+ activation] then AvgPool2d(2, 2) — LeNet's block — pooled in the same pass, so the
   * activation before pooling is never a tensor of its own. Returns the result and the layers used.
   */
  private step(i: number, y: Tensor): [Tensor, number] {
    const layers = this.layers;
    const m = layers[i];
    const act = fusable(layers[i + 1]);
    if (act !== null && m.constructor === Linear) {
      const lin = m as unknown as Linear<boolean>;
      return [linear(y, lin.weight, lin.bias, act), 2];
    }
    if (m.constructor === Conv2d) {
      const conv = m as unknown as Conv2d<boolean>;
      const next = layers[i + (act === null ? 1 : 2)];
      const pool = next?.constructor === AvgPool2d && (next as AvgPool2d).halves;
      if (act !== null || pool) {
        const used = 1 + (act === null ? 0 : 1) + (pool ? 1 : 0);
        return [conv2d(y, conv.weight, conv.bias, conv.stride, conv.padding, act, pool), used];
      }
    }
    return [m.forward(y), 1];
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.layers[Symbol.iterator]();
  }
}

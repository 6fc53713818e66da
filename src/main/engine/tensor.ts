// The Tensor: a shape over contiguous float32 storage, plus the autograd bookkeeping. The methods
// are thin: each delegates to the op family that implements it (ops/*), forward next to backward.
import { runBackward, type GradFn, type RetiredStorage } from './autograd';
import { fmtShape, normDim, numelOf, sameShape } from './shape';
import { contiguousStrides, isContiguous, type Strides } from './layout';
import { checkOptions } from './options';
import * as bin from './ops/binary';
import * as un from './ops/unary';
import * as red from './ops/reduce';
import * as sm from './ops/softmax';
import * as mm from './ops/matmul';
import * as sh from './ops/shape';
import * as ix from './ops/indexing';
import * as ip from './ops/inplace';
import { formatTensor } from './format';
import type { Generator } from './random';

export type NestedNumbers = number | NestedNumbers[];
export type Operand = Tensor | number;
export type IndexLike = Tensor | readonly number[] | Int32Array;

/** What max(dim) / min(dim) return, like PyTorch's (values, indices) named tuple. */
export type ValuesIndices = readonly [values: Tensor, indices: Tensor] & { readonly values: Tensor; readonly indices: Tensor };

export interface BackwardOptions {
  /** Keep the graph's saved values so backward can run through it again (PyTorch's retain_graph). */
  retainGraph?: boolean;
}

let warnedT = false;

export class Tensor {
  /** Contiguous row-major storage; views made by reshape share it. */
  values: Float32Array;
  shape: readonly number[];
  /**
   * @internal the strides PyTorch would give this tensor (see layout.ts), null for row-major. Only
   * view() and the layouts of later results read them; the values are always stored row-major.
   */
  strides: Strides | null = null;
  requiresGrad: boolean;
  grad: Tensor | null = null;
  /** The op that produced this tensor (null for leaves), like PyTorch's grad_fn. */
  gradFn: GradFn | null = null;
  /** @internal gradient accumulated during one backward pass. */
  gradAcc: Float32Array | null = null;
  /** @internal visit stamp of the last backward pass's sort. */
  gradMark = 0;
  /** @internal the .grad tensor autograd last installed (so only engine-made storage is recycled). */
  ownGrad: Tensor | null = null;
  /** @internal storage of a cleared .grad, reused for the next gradient (see Optimizer.zeroGrad). */
  gradBuffer: Float32Array | null = null;
  /**
   * @internal activations Sequential passed between its built-in layers, to be released to the
   * caching allocator (backend/caching-allocator.ts) once backward has run this tensor's node without retainGraph (see autograd.ts).
   */
  releaseOnBackward: RetiredStorage[] | null = null;
  /** Set by retainGrad(): backward keeps this non-leaf tensor's gradient in .grad. */
  retainsGrad = false;
  /** @internal run by backward once it has accumulated into this leaf's .grad (see registerPostAccumulateGradHook). */
  postAccumulateGradHooks: Array<(t: Tensor) => void> | null = null;

  constructor(values: Float32Array, shape: readonly number[], requiresGrad = false) {
    if (values.length !== numelOf(shape)) {
      throw new RangeError(`Tensor: ${values.length} values do not fill shape ${fmtShape(shape)}`);
    }
    this.values = values;
    this.shape = shape;
    this.requiresGrad = requiresGrad;
  }

  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Same storage, outside autograd: changes through it are invisible to the graph. */
  get data(): Tensor {
    const t = new Tensor(this.values, this.shape);
    t.strides = this.strides;
    return t;
  }

  set data(t: Tensor) {
    this.values = t.values;
    this.shape = t.shape;
    this.strides = t.strides;
  }

  /** @internal installs a gradient array as this tensor's .grad. */
  setGrad(g: Float32Array): void {
    this.grad = new Tensor(g, this.shape);
    this.ownGrad = this.grad;
  }

  /**
   * Sets .grad to null, keeping autograd-made storage for the next backward to overwrite (what
   * optimiser and module zeroGrad() use). Do not hold old .grad tensors across it: clone them.
   */
  clearGrad(): void {
    if (this.grad !== null && this.grad === this.ownGrad) this.gradBuffer = this.grad.values;
    this.grad = null;
    this.ownGrad = null;
  }

  /**
   * @internal storage for a gradient of this tensor that backward is about to compute in full:
   * the recycled buffer when this is a leaf whose .grad was cleared by an optimiser, else a new one.
   */
  gradStorage(): Float32Array {
    const buf = this.gradBuffer;
    const n = this.values.length;
    if (buf !== null && this.grad === null && this.gradAcc === null && buf.length === n) {
      this.gradBuffer = null;
      return buf;
    }
    return new Float32Array(n);
  }

  numel(): number {
    return this.values.length;
  }

  dim(): number {
    return this.shape.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  size(): readonly number[];
  size(dim: number): number;
  size(dim?: number): number | readonly number[] {
    if (dim === undefined) return this.shape;
    const n = this.shape.length;
    if (n === 0) throw new RangeError(`size: Dimension specified as ${dim} but tensor has no dimensions`);
    return this.shape[normDim(dim, n, 'size')];
  }

  item(): number {
    if (this.values.length !== 1) {
      throw new RangeError(`a Tensor with ${this.values.length} elements cannot be converted to Scalar`);
    }
    return this.values[0];
  }

  tolist(): NestedNumbers {
    const v = this.values;
    const shape = this.shape;
    if (shape.length === 0) return v[0];
    const build = (d: number, offset: number, stride: number): NestedNumbers[] => {
      const n = shape[d];
      const inner = stride / (n || 1);
      const out: NestedNumbers[] = [];
      for (let i = 0; i < n; i++) {
        out.push(d === shape.length - 1 ? v[offset + i] : build(d + 1, offset + i * inner, inner));
      }
      return out;
    };
    return build(0, 0, v.length);
  }

  /** PyTorch's stride(): how many elements apart neighbours along each dim would be in its memory. */
  stride(): readonly number[];
  stride(dim: number): number;
  stride(dim?: number): number | readonly number[] {
    const st = this.strides ?? contiguousStrides(this.shape);
    if (dim === undefined) return st;
    if (st.length === 0) throw new RangeError(`stride: Dimension specified as ${dim} but tensor has no dimensions`);
    return st[normDim(dim, st.length, 'stride')];
  }

  /** PyTorch's is_contiguous(): false after transpose/permute/expand (then view() needs reshape()). */
  isContiguous(): boolean {
    return isContiguous(this.shape, this.strides);
  }

  /** This tensor when it is contiguous, else a row-major copy (PyTorch's contiguous()). */
  contiguous(): Tensor {
    return this.isContiguous() ? this : sh.contiguousCopy(this);
  }

  detach(): Tensor {
    return this.data;
  }

  clone(): Tensor {
    return sh.clone(this);
  }

  /** PyTorch's retain_grad(): a non-leaf tensor gets its .grad filled by backward (a leaf always does). */
  retainGrad(): this {
    if (!this.requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    if (this.gradFn !== null) this.retainsGrad = true;
    return this;
  }

  /**
   * PyTorch's register_post_accumulate_grad_hook: `hook(this)` runs each time backward has
   * accumulated a gradient into this leaf's .grad, before anything (an optimiser, the book's
   * hand-written sgd) can change or zero it. remove() on the returned handle unregisters it.
   */
  registerPostAccumulateGradHook(hook: (t: Tensor) => void): { remove(): void } {
    if (this.gradFn !== null) throw new Error('post accumulate grad hooks cannot be registered on non-leaf tensors');
    if (!this.requiresGrad) throw new Error("cannot register a hook on a tensor that doesn't require gradient");
    (this.postAccumulateGradHooks ??= []).push(hook);
    return {
      remove: () => {
        const hooks = this.postAccumulateGradHooks;
        const i = hooks?.indexOf(hook) ?? -1;
        if (i >= 0) hooks!.splice(i, 1);
        if (hooks?.length === 0) this.postAccumulateGradHooks = null;
      },
    };
  }

  requiresGrad_(flag = true): this {
    if (this.gradFn !== null && !flag) {
      throw new Error("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().");
    }
    this.requiresGrad = flag;
    return this;
  }

  /**
   * backward(), backward(grad), backward({ retainGraph }) or backward(grad, { retainGraph }).
   * Without retainGraph the values the graph saved are released, as in PyTorch: a second backward
   * through an op that needs them fails with PyTorch's message.
   */
  backward(gradOrOptions?: Tensor | null | BackwardOptions, options?: BackwardOptions): void {
    let grad: Tensor | null | undefined;
    let opts = options;
    if (gradOrOptions instanceof Tensor || gradOrOptions == null) grad = gradOrOptions;
    else opts = gradOrOptions;
    const retainGraph = opts === undefined ? false : checkOptions(opts, 'backward', BACKWARD_OPTIONS).retainGraph === true;
    if (!this.requiresGrad) {
      throw new Error('element 0 of tensors does not require grad and does not have a grad_fn');
    }
    if (grad == null) {
      if (this.values.length !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
      runBackward(this, new Float32Array([1]), false, retainGraph);
      return;
    }
    if (!sameShape(grad.shape, this.shape)) {
      throw new RangeError(`Mismatch in shape: grad has a shape of ${fmtShape(grad.shape)} and output has a shape of ${fmtShape(this.shape)}`);
    }
    runBackward(this, grad.values, true, retainGraph);
  }

  toString(): string {
    return formatTensor(this);
  }

  // ---- elementwise, broadcasting ----
  add(other: Operand): Tensor { return bin.add(this, other); }
  sub(other: Operand): Tensor { return bin.sub(this, other); }
  mul(other: Operand): Tensor { return bin.mul(this, other); }
  div(other: Operand): Tensor { return bin.div(this, other); }
  pow(exponent: Operand): Tensor { return bin.pow(this, exponent); }
  eq(other: Operand): Tensor { return bin.eq(this, other); }
  ne(other: Operand): Tensor { return bin.ne(this, other); }
  lt(other: Operand): Tensor { return bin.lt(this, other); }
  le(other: Operand): Tensor { return bin.le(this, other); }
  gt(other: Operand): Tensor { return bin.gt(this, other); }
  ge(other: Operand): Tensor { return bin.ge(this, other); }
  maximum(other: Operand): Tensor { return bin.maximum(this, other); }
  minimum(other: Operand): Tensor { return bin.minimum(this, other); }

  neg(): Tensor { return un.neg(this); }
  exp(): Tensor { return un.exp(this); }
  log(): Tensor { return un.log(this); }
  sqrt(): Tensor { return un.sqrt(this); }
  abs(): Tensor { return un.abs(this); }
  relu(): Tensor { return un.relu(this); }
  sigmoid(): Tensor { return un.sigmoid(this); }
  tanh(): Tensor { return un.tanh(this); }
  square(): Tensor { return bin.pow(this, 2); }
  clamp(min?: number | null, max?: number | null): Tensor { return un.clamp(this, min ?? null, max ?? null); }

  // ---- linear algebra ----
  matmul(other: Tensor): Tensor { return mm.matmul(this, other); }

  // ---- reductions ----
  sum(dim?: number | readonly number[], keepdim = false): Tensor { return red.sum(this, dim, keepdim); }
  mean(dim?: number | readonly number[], keepdim = false): Tensor { return red.mean(this, dim, keepdim); }
  /** max() is the largest value; max(dim) gives (values, indices) like PyTorch (indices as floats). */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? red.maxAll(this, keepdim) : red.maxDim(this, dim, keepdim, true);
  }
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? red.minAll(this, keepdim) : red.maxDim(this, dim, keepdim, false);
  }
  argmax(dim?: number, keepdim = false): Tensor { return red.argmax(this, dim, keepdim); }
  logsumexp(dim: number, keepdim = false): Tensor { return sm.logsumexp(this, dim, keepdim); }
  softmax(dim: number): Tensor { return sm.softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return sm.logSoftmax(this, dim); }

  // ---- shape ----
  reshape(...shape: number[] | [readonly number[]]): Tensor { return sh.reshape(this, flatArgs(shape), 'reshape'); }
  view(...shape: number[] | [readonly number[]]): Tensor { return sh.reshape(this, flatArgs(shape), 'view'); }
  transpose(dim0: number, dim1: number): Tensor { return sh.transpose(this, dim0, dim1); }
  permute(...dims: number[]): Tensor { return sh.permute(this, dims); }
  /** Reverses the dims, as PyTorch 1.13 does (with its deprecation warning when ndim is not 0 or 2). */
  get T(): Tensor {
    const n = this.shape.length;
    if (n !== 2 && n !== 0 && !warnedT) {
      warnedT = true;
      console.warn('UserWarning: The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.');
    }
    return sh.permute(this, this.shape.map((_, i) => n - 1 - i));
  }
  flatten(startDim = 0, endDim = -1): Tensor { return sh.flatten(this, startDim, endDim); }
  unsqueeze(dim: number): Tensor { return sh.unsqueeze(this, dim); }
  squeeze(dim?: number): Tensor { return sh.squeeze(this, dim); }
  expand(...shape: number[]): Tensor { return sh.expand(this, shape); }
  indexSelect(dim: number, index: IndexLike): Tensor { return ix.indexSelect(this, dim, index); }
  gather(dim: number, index: IndexLike): Tensor { return ix.gather(this, dim, index); }

  // ---- in place (leaves under noGrad, or through .data) ----
  normal_(mean = 0, std = 1, rng?: Generator): this { ip.normalFill(this, mean, std, rng); return this; }
  uniform_(low = 0, high = 1, rng?: Generator): this { ip.uniformFill(this, low, high, rng); return this; }
  fill_(value: number): this { ip.fill(this, value); return this; }
  zero_(): this { ip.fill(this, 0); return this; }
  copy_(src: Tensor): this { ip.copyFrom(this, src); return this; }
  add_(other: Operand, alpha = 1): this { ip.addInPlace(this, other, alpha); return this; }
  sub_(other: Operand, alpha = 1): this { ip.addInPlace(this, other, -alpha); return this; }
  mul_(other: Operand): this { ip.mulInPlace(this, other, false); return this; }
  div_(other: Operand): this { ip.mulInPlace(this, other, true); return this; }
}

const BACKWARD_OPTIONS = { allowed: ['retainGraph'], unsupported: { createGraph: 'create_graph', inputs: 'inputs' } } as const;

function flatArgs(shape: number[] | [readonly number[]]): readonly number[] {
  return shape.length === 1 && Array.isArray(shape[0]) ? (shape[0] as readonly number[]) : (shape as number[]);
}

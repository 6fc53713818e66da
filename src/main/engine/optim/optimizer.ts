// Base optimiser: holds the parameter list and per-parameter state; step() updates .values
// directly (outside the graph), as torch.optim does under no_grad.
import { Tensor } from '../tensor';

/** S: what the optimiser keeps per parameter (made on that parameter's first update). */
export abstract class Optimizer<S = unknown> {
  readonly params: Tensor[];
  protected readonly state = new Map<Tensor, S>();

  constructor(params: Iterable<Tensor>) {
    this.params = [...params];
    if (this.params.length === 0) throw new RangeError('optimizer got an empty parameter list');
    const seen = new Set<Tensor>();
    for (const p of this.params) {
      if (seen.has(p)) throw new RangeError('some parameters appear in more than one parameter group');
      seen.add(p);
    }
  }

  /**
   * zeroGrad() sets every .grad to null (PyTorch ≥ 2's default, set_to_none=True); the storage of
   * gradients autograd made is kept and overwritten by the next backward, which spares the big
   * weight gradients a fresh allocation each step: do not keep references to old .grad tensors
   * across it — clone them. zeroGrad(false) zeroes the gradients in place instead (PyTorch 1.13's
   * default): then a parameter that gets no new gradient still has a zero one, and weight decay
   * or momentum still move it in step().
   */
  zeroGrad(setToNone = true): void {
    const ps = this.params;
    if (setToNone) for (let i = 0; i < ps.length; i++) ps[i].clearGrad();
    else for (let i = 0; i < ps.length; i++) ps[i].grad?.values.fill(0);
  }

  /** Updates every parameter that has a gradient, in order (torch.optim skips a grad of None). */
  step(): void {
    const ps = this.params;
    for (let i = 0; i < ps.length; i++) {
      const p = ps[i];
      if (p.grad !== null) this.update(p, p.values, p.grad.values);
    }
  }

  /** One parameter's update of its values x in place, from its gradient g. */
  protected abstract update(param: Tensor, x: Float32Array, g: Float32Array): void;

  /**
   * PyTorch's `optimizer.state[p]` for one parameter, keys camelCased (`momentumBuffer`, `expAvg`,
   * `expAvgSq`, `maxExpAvgSq`, `step`): copies, empty before the first step or when the optimiser
   * keeps no state for it (plain SGD).
   */
  stateOf(param: Tensor): Record<string, Tensor> {
    const s = this.state.get(param);
    return s === undefined ? {} : this.stateTensors(s, param);
  }

  /** stateOf's copies of one parameter's state. */
  protected abstract stateTensors(s: S, param: Tensor): Record<string, Tensor>;
}

/** A copy of optimiser state shaped like its parameter. */
export function stateTensor(values: Float32Array, like: Tensor): Tensor {
  return new Tensor(values.slice(), like.shape);
}

/** A hyperparameter check with torch.optim's wording ("Invalid learning rate: -1"). */
export function check(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new RangeError(`Invalid ${what}: ${String(value)}`);
}

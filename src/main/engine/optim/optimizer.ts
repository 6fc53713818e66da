// Base optimiser: holds the parameter list and per-parameter state; step() updates .values
// directly (outside the graph), as torch.optim does under no_grad.
import type { Tensor } from '../tensor';

export abstract class Optimizer {
  readonly params: Tensor[];

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
   * Sets every .grad to null (PyTorch ≥ 2's set_to_none). The storage of gradients autograd made
   * is kept and overwritten by the next backward (as zero_grad(set_to_none=False) would), which
   * spares the big weight gradients a fresh allocation each step: do not keep references to old
   * .grad tensors across zeroGrad() — clone them.
   */
  zeroGrad(): void {
    const ps = this.params;
    for (let i = 0; i < ps.length; i++) ps[i].clearGrad();
  }

  abstract step(): void;
}

/** A hyperparameter check with torch.optim's wording ("Invalid learning rate: -1"). */
export function check(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new RangeError(`Invalid ${what}: ${String(value)}`);
}

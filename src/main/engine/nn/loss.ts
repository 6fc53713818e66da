// Loss modules, used as loss.forward(input, target).
import type { Tensor } from '../tensor';
import { checkReduction, crossEntropy, mseLoss, type Reduction } from '../ops/loss';
import { Module } from './module';

export interface LossOptions {
  reduction?: Reduction;
}

export class MSELoss extends Module {
  readonly reduction: Reduction;
  constructor(opts: LossOptions = {}) {
    super();
    this.reduction = checkReduction(opts.reduction ?? 'mean');
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.reduction);
  }
}

export class CrossEntropyLoss extends Module {
  readonly reduction: Reduction;
  constructor(opts: LossOptions = {}) {
    super();
    this.reduction = checkReduction(opts.reduction ?? 'mean');
  }
  /** `input`: logits (N, C); `target`: class indices (N,) or probabilities (N, C). */
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, this.reduction);
  }
}

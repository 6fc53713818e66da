// Loss modules, used as loss.forward(input, target).
import type { Tensor } from '../tensor';
import { checkLabelSmoothing, checkReduction, crossEntropy, mseLoss, type Reduction } from '../ops/loss';
import { checkOptions } from '../options';
import { Module } from './module';

export interface LossOptions {
  reduction?: Reduction;
}

export interface CrossEntropyLossOptions extends LossOptions {
  /** PyTorch's label_smoothing (1.13 semantics), in [0, 1]. */
  labelSmoothing?: number;
}

/** PyTorch loss arguments the engine does not implement, by their camelCase names. */
const UNSUPPORTED_LOSS_ARGS = { sizeAverage: 'size_average', reduce: 'reduce' } as const;

export const MSE_OPTIONS = { allowed: ['reduction'], unsupported: UNSUPPORTED_LOSS_ARGS } as const;
export const CROSS_ENTROPY_OPTIONS = {
  allowed: ['reduction', 'labelSmoothing'],
  unsupported: { ...UNSUPPORTED_LOSS_ARGS, weight: 'weight', ignoreIndex: 'ignore_index' },
} as const;

export class MSELoss extends Module {
  readonly reduction: Reduction;
  constructor(opts: LossOptions = {}) {
    super();
    this.reduction = checkReduction(checkOptions(opts, 'MSELoss', MSE_OPTIONS).reduction ?? 'mean');
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.reduction);
  }
}

export class CrossEntropyLoss extends Module {
  readonly reduction: Reduction;
  readonly labelSmoothing: number;
  constructor(opts: CrossEntropyLossOptions = {}) {
    super();
    const { reduction = 'mean', labelSmoothing = 0 } = checkOptions(opts, 'CrossEntropyLoss', CROSS_ENTROPY_OPTIONS);
    this.reduction = checkReduction(reduction);
    this.labelSmoothing = checkLabelSmoothing(labelSmoothing);
  }
  /** `input`: logits (N, C); `target`: class indices (N,) or probabilities (N, C). */
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, this.reduction, this.labelSmoothing);
  }
}

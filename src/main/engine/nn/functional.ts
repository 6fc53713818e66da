// nn.functional: the stateless forms of the layers and losses.
import type { Tensor } from '../tensor';
import { checkLabelSmoothing, checkReduction, crossEntropy as ce, mseLoss as mse, type Reduction } from '../ops/loss';
import { linear as lin } from '../ops/linear';
import { checkOptions } from '../options';
import { CROSS_ENTROPY_OPTIONS, MSE_OPTIONS, type CrossEntropyLossOptions, type LossOptions } from './loss';
export { dropout } from './dropout';

export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  return lin(x, weight, bias);
}
export function relu(x: Tensor): Tensor { return x.relu(); }
export function sigmoid(x: Tensor): Tensor { return x.sigmoid(); }
export function softmax(x: Tensor, dim: number): Tensor { return x.softmax(dim); }
export function logSoftmax(x: Tensor, dim: number): Tensor { return x.logSoftmax(dim); }

/** mseLoss(input, target, 'sum') or mseLoss(input, target, { reduction: 'sum' }). */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction | LossOptions = 'mean'): Tensor {
  const r = typeof reduction === 'string' ? reduction : checkOptions(reduction, 'mse_loss', MSE_OPTIONS).reduction ?? 'mean';
  return mse(input, target, checkReduction(r));
}

/** crossEntropy(input, target, 'none') or crossEntropy(input, target, { reduction, labelSmoothing }). */
export function crossEntropy(input: Tensor, target: Tensor, reduction: Reduction | CrossEntropyLossOptions = 'mean'): Tensor {
  if (typeof reduction === 'string') return ce(input, target, checkReduction(reduction));
  const { reduction: r = 'mean', labelSmoothing = 0 } = checkOptions(reduction, 'cross_entropy', CROSS_ENTROPY_OPTIONS);
  return ce(input, target, checkReduction(r), checkLabelSmoothing(labelSmoothing));
}

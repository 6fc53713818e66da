// nn.functional: the stateless forms of the layers and losses.
import type { Tensor } from '../tensor';
import { crossEntropy as ce, mseLoss as mse, type Reduction } from '../ops/loss';
import { linear as lin } from '../ops/linear';
export { dropout } from './dropout';

export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  return lin(x, weight, bias);
}
export function relu(x: Tensor): Tensor { return x.relu(); }
export function sigmoid(x: Tensor): Tensor { return x.sigmoid(); }
export function softmax(x: Tensor, dim: number): Tensor { return x.softmax(dim); }
export function logSoftmax(x: Tensor, dim: number): Tensor { return x.logSoftmax(dim); }
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  return mse(input, target, reduction);
}
export function crossEntropy(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  return ce(input, target, reduction);
}

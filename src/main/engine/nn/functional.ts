// nn.functional: the stateless forms of the layers and losses.
import type { Tensor } from '../tensor';
import { checkLabelSmoothing, checkReduction, crossEntropy as ce, mseLoss as mse, type Reduction } from '../ops/loss';
import { linear as lin } from '../ops/linear';
import { checkOptions } from '../options';
import { CROSS_ENTROPY_OPTIONS, MSE_OPTIONS, type CrossEntropyLossOptions, type LossOptions } from './loss';
import { conv2d as convOp } from '../ops/conv';
import { CONV2D_FUNCTIONAL_OPTIONS, convPair, isOptionsObject, type IntPair } from './conv-args';
export { dropout } from './dropout';
export { maxPool2d, avgPool2d } from './pooling';

export interface Conv2dFunctionalOptions {
  stride?: IntPair;
  padding?: IntPair;
}

export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  return lin(x, weight, bias);
}
/**
 * F.conv2d(input, weight, bias = null, stride = 1, padding = 0), or with an options object in place
 * of stride: conv2d(x, w, b, { stride, padding }). Input (N, C, H, W) or unbatched (C, H, W).
 */
export function conv2d(
  input: Tensor, weight: Tensor, bias: Tensor | null = null, stride: IntPair | Conv2dFunctionalOptions = 1, padding: IntPair = 0,
): Tensor {
  let s: unknown = stride;
  let p: unknown = padding;
  if (isOptionsObject(stride)) {
    if (padding !== 0) throw new TypeError('conv2d: give padding inside the options object, not after it');
    const opts = checkOptions(stride as Conv2dFunctionalOptions, 'conv2d', CONV2D_FUNCTIONAL_OPTIONS);
    s = opts.stride ?? 1;
    p = opts.padding ?? 0;
  }
  return convOp(input, weight, bias, convPair(s, 'conv2d', 'stride'), convPair(p, 'conv2d', 'padding'));
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

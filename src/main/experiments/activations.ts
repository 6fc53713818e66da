// 4.1 激活函数: relu, sigmoid and tanh on x ∈ [−8, 8] and their derivatives, each by autograd the
// way the book does it: y.backward(torch.ones_like(x)), then read x.grad. No training loop.
import { findExperiment } from '../../shared/catalog';
import type { ActivationCurve, ActivationCurves } from '../../shared/training';
import { linspace, onesLike, type Tensor } from '../engine';
import type { Experiment } from './types';

const FUNCTIONS: ReadonlyArray<[ActivationCurve['name'], (x: Tensor) => Tensor]> = [
  ['relu', (x) => x.relu()],
  ['sigmoid', (x) => x.sigmoid()],
  ['tanh', (x) => x.tanh()],
];

export function activationCurves(): ActivationCurves {
  const x = linspace(-8, 8, 161).requiresGrad_();
  const curves = FUNCTIONS.map(([name, f]): ActivationCurve => {
    x.grad = null;
    const y = f(x);
    y.backward(onesLike(x));
    return { name, y: Array.from(y.detach().values), grad: Array.from(x.grad!.values) };
  });
  return { x: Array.from(x.detach().values), curves };
}

export const activations: Experiment = {
  spec: findExperiment('activations')!,
  stepsPerEpoch: () => 0,
  run(ctx) {
    const result = activationCurves();
    ctx.dataset({ activations: result });
    ctx.report({ activations: result });
  },
};

// sigmoid's gradient σ'(x) = σ(x)(1 − σ(x)) is at most 0.25 and vanishes once |x| is a few units.
import { linspace, onesLike } from '../../src/main/engine';
import type { Print } from './print';

export default function demo(print: Print): void {
  // demo:start
  const x = linspace(-8, 8, 9).requiresGrad_();
  const y = x.sigmoid();
  y.backward(onesLike(x));
  const xs = x.detach().tolist() as number[], g = x.grad!.tolist() as number[];
  for (let i = 0; i < xs.length; i++) {
    print(`x = ${xs[i]!.toFixed(0).padStart(2)}   sigmoid'(x) = ${g[i]!.toExponential(2)}`);
  }
  // ten sigmoid layers each multiply the gradient by at most 0.25:
  print('0.25^10 =', (0.25 ** 10).toExponential(2));
  // demo:end
}

// torch.optim.Adam (bias-corrected, L2 weight decay added to the gradient; amsgrad and maximize optional).
import type { Tensor } from '../tensor';
import { Optimizer, check, stateTensor } from './optimizer';
import { tensor } from '../creation';
import { checkOptions } from '../options';

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  /** Ascend the objective instead (PyTorch's maximize): the gradient is negated before weight decay. */
  maximize?: boolean;
}

const ADAM_OPTIONS = {
  allowed: ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'],
  unsupported: { foreach: 'foreach', capturable: 'capturable', differentiable: 'differentiable', fused: 'fused' },
} as const;

interface AdamState {
  step: number;
  m: Float32Array;
  v: Float32Array;
  vMax: Float32Array | null;
}

export class Adam extends Optimizer<AdamState> {
  lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;
  readonly maximize: boolean;

  constructor(params: Iterable<Tensor>, opts: AdamOptions = {}) {
    super(params);
    const { lr = 1e-3, betas = [0.9, 0.999] as const, eps = 1e-8, weightDecay = 0, amsgrad = false, maximize = false } =
      checkOptions(opts, 'Adam', ADAM_OPTIONS);
    check(lr >= 0, 'learning rate', lr);
    check(eps >= 0, 'epsilon value', eps);
    check(betas[0] >= 0 && betas[0] < 1, 'beta parameter at index 0', betas[0]);
    check(betas[1] >= 0 && betas[1] < 1, 'beta parameter at index 1', betas[1]);
    check(weightDecay >= 0, 'weight_decay value', weightDecay);
    this.lr = lr;
    this.betas = [betas[0], betas[1]];
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.amsgrad = amsgrad;
    this.maximize = maximize;
  }

  protected override stateTensors(s: AdamState, param: Tensor): Record<string, Tensor> {
    const out: Record<string, Tensor> = { step: tensor(s.step), expAvg: stateTensor(s.m, param), expAvgSq: stateTensor(s.v, param) };
    if (s.vMax !== null) out.maxExpAvgSq = stateTensor(s.vMax, param);
    return out;
  }

  protected override update(p: Tensor, x: Float32Array, g: Float32Array): void {
    const [b1, b2] = this.betas;
    const { eps, weightDecay: wd } = this;
    const gs = this.maximize ? -1 : 1;
    const n = x.length;
    let s = this.state.get(p);
    if (s === undefined) {
      s = { step: 0, m: new Float32Array(n), v: new Float32Array(n), vMax: this.amsgrad ? new Float32Array(n) : null };
      this.state.set(p, s);
    }
    s.step++;
    const stepSize = this.lr / (1 - Math.pow(b1, s.step));
    const bc2Sqrt = Math.sqrt(1 - Math.pow(b2, s.step));
    const { m, v, vMax } = s;
    for (let i = 0; i < n; i++) {
      const gi = Math.fround(gs * g[i] + wd * x[i]);
      m[i] = b1 * m[i] + (1 - b1) * gi;
      v[i] = b2 * v[i] + (1 - b2) * gi * gi;
      let vi = v[i];
      if (vMax !== null) {
        if (vi > vMax[i]) vMax[i] = vi;
        else vi = vMax[i];
      }
      const denom = Math.fround(Math.sqrt(vi) / bc2Sqrt + eps);
      x[i] -= (stepSize * m[i]) / denom;
    }
  }
}

// torch.optim.SGD's update, in order: weight decay into the gradient, momentum buffer (set to
// the gradient on the first step, then buf = μ·buf + (1−dampening)·g), Nesterov look-ahead.
import type { Tensor } from '../tensor';
import { Optimizer, check, stateTensor } from './optimizer';
import { axpy } from '../ops/gemm';
import { checkOptions } from '../options';

const SGD_OPTIONS = {
  allowed: ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'maximize'],
  unsupported: { foreach: 'foreach', differentiable: 'differentiable' },
} as const;

export interface SGDOptions {
  lr: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
  maximize?: boolean;
}

export class SGD extends Optimizer<Float32Array> {
  lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly maximize: boolean;

  constructor(params: Iterable<Tensor>, opts: SGDOptions) {
    super(params);
    const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } = checkOptions(opts, 'SGD', SGD_OPTIONS);
    check(typeof lr === 'number' && lr >= 0, 'learning rate', lr);
    check(momentum >= 0, 'momentum value', momentum);
    check(weightDecay >= 0, 'weight_decay value', weightDecay);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
    this.lr = lr;
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
    this.maximize = maximize;
  }

  protected override stateTensors(buf: Float32Array, param: Tensor): Record<string, Tensor> {
    return { momentumBuffer: stateTensor(buf, param) };
  }

  protected override update(p: Tensor, x: Float32Array, g: Float32Array): void {
    const { momentum: mu, dampening, weightDecay: wd, nesterov, lr } = this;
    // maximize flips the gradient before weight decay is added, as PyTorch does.
    const gs = this.maximize ? -1 : 1;
    const n = x.length;
    if (mu === 0 && wd === 0) {
      axpy(n, -gs * lr, g, x);
      return;
    }
    let buf = this.state.get(p);
    const first = buf === undefined;
    if (mu !== 0 && buf === undefined) {
      buf = new Float32Array(n);
      this.state.set(p, buf);
    }
    for (let i = 0; i < n; i++) {
      let d = Math.fround(gs * g[i] + wd * x[i]);
      if (buf !== undefined) {
        const b = first ? d : Math.fround(mu * buf[i] + (1 - dampening) * d);
        buf[i] = b;
        d = nesterov ? Math.fround(d + mu * b) : b;
      }
      x[i] -= lr * d;
    }
  }
}

// The book's LeNet (6.6): two sigmoid convolution blocks with average pooling, then three fully
// connected layers, for 28×28 Fashion-MNIST images. Shared by the 6.6 experiment and the bench.
import { nn, type Generator } from '../engine';

/**
 * nn.Sequential(Conv2d(1, 6, 5, padding=2), Sigmoid, AvgPool2d(2, 2), Conv2d(6, 16, 5), Sigmoid,
 * AvgPool2d(2, 2), Flatten, Linear(400, 120), Sigmoid, Linear(120, 84), Sigmoid, Linear(84, 10)),
 * with PyTorch's default initialisation drawn from `rng`.
 */
export function lenet(rng?: Generator): nn.Sequential {
  const opts = rng ? { rng } : {};
  return new nn.Sequential(
    new nn.Conv2d(1, 6, 5, { padding: 2, ...opts }), new nn.Sigmoid(),
    new nn.AvgPool2d(2, { stride: 2 }),
    new nn.Conv2d(6, 16, 5, opts), new nn.Sigmoid(),
    new nn.AvgPool2d(2, { stride: 2 }),
    new nn.Flatten(),
    new nn.Linear(16 * 5 * 5, 120, opts), new nn.Sigmoid(),
    new nn.Linear(120, 84, opts), new nn.Sigmoid(),
    new nn.Linear(84, 10, opts),
  );
}

/**
 * train_ch6's init_weights: xavier_uniform_ on every Linear and Conv2d weight (biases keep their
 * default initialisation). Use as `net.apply(xavierInit(rng))`.
 */
export function xavierInit(rng?: Generator): (m: nn.Module) => void {
  return (m) => {
    if (m instanceof nn.Linear || m instanceof nn.Conv2d) nn.init.xavierUniform_(m.weight, 1, rng);
  };
}

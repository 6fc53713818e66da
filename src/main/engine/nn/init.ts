// nn.init: in-place initialisers that never touch the graph (they run under noGrad).
import type { Tensor } from '../tensor';
import { noGrad } from '../autograd';
import type { Generator } from '../random';

function fans(t: Tensor, op: string): [number, number] {
  const s = t.shape;
  if (s.length < 2) throw new RangeError(`${op}: Fan in and fan out can not be computed for tensor with fewer than 2 dimensions`);
  let receptive = 1;
  for (let i = 2; i < s.length; i++) receptive *= s[i];
  return [s[1] * receptive, s[0] * receptive];
}

export function normal_(t: Tensor, mean = 0, std = 1, rng?: Generator): Tensor {
  return noGrad(() => t.normal_(mean, std, rng));
}

export function uniform_(t: Tensor, low = 0, high = 1, rng?: Generator): Tensor {
  return noGrad(() => t.uniform_(low, high, rng));
}

export function constant_(t: Tensor, value: number): Tensor {
  return noGrad(() => t.fill_(value));
}

export function zeros_(t: Tensor): Tensor {
  return constant_(t, 0);
}

export function ones_(t: Tensor): Tensor {
  return constant_(t, 1);
}

export function xavierUniform_(t: Tensor, gain = 1, rng?: Generator): Tensor {
  const [fanIn, fanOut] = fans(t, 'xavier_uniform_');
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -a, a, rng);
}

export function xavierNormal_(t: Tensor, gain = 1, rng?: Generator): Tensor {
  const [fanIn, fanOut] = fans(t, 'xavier_normal_');
  return normal_(t, 0, gain * Math.sqrt(2 / (fanIn + fanOut)), rng);
}

/** kaiming_uniform_ with PyTorch's defaults (a = 0, mode fan_in, leaky_relu gain). */
export function kaimingUniform_(t: Tensor, a = 0, rng?: Generator): Tensor {
  const [fanIn] = fans(t, 'kaiming_uniform_');
  const gain = Math.sqrt(2 / (1 + a * a));
  const bound = fanIn === 0 ? 0 : gain * Math.sqrt(3 / fanIn);
  return uniform_(t, -bound, bound, rng);
}

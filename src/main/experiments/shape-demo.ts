// What the shape demos of 6.3–6.5 share: whole-number fields (sizes, padding, stride, channels) and
// matrix views of a tensor, one 2-D matrix per channel, for the `matrices` plot.
import type { HyperparameterSpec, Localized } from '../../shared/experiment-spec';
import type { TensorView } from '../../shared/training';
import type { Tensor } from '../engine';

export function intField<K extends string>(key: K, flag: string, label: Localized, d: number, min: number, max: number): HyperparameterSpec<K> {
  return { key, flag, label, kind: 'int', default: d, min, max };
}

/** The matrices of a (H, W), (C, H, W) or (1, C, H, W) tensor: `name` or `name[c]` for each channel. */
export function channelViews(name: string, t: Tensor): TensorView[] {
  const shape = t.shape.length === 4 ? t.shape.slice(1) : t.shape.length === 2 ? [1, ...t.shape] : t.shape.slice();
  const [C, H, W] = shape as [number, number, number];
  const v = t.contiguous().values;
  const views: TensorView[] = [];
  for (let c = 0; c < C; c++) {
    views.push({ name: C === 1 ? name : `${name}[${c}]`, shape: [H, W], data: Array.from(v.subarray(c * H * W, (c + 1) * H * W)) });
  }
  return views;
}

/** ⌊(n − k + 2p + s) / s⌋, the book's output-size formula (6.3). */
export function outSize(n: number, k: number, p: number, s: number): number {
  return Math.floor((n - k + 2 * p + s) / s);
}

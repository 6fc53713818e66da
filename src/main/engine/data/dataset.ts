// Datasets: anything with a length and get(i). TensorDataset indexes several tensors by their
// first dim together (features, labels, …).
import { Tensor } from '../tensor';
import { fmtShape } from '../shape';

export interface Dataset {
  readonly length: number;
  get(i: number): Tensor[];
}

export class TensorDataset implements Dataset {
  readonly tensors: readonly Tensor[];
  readonly length: number;

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new RangeError('TensorDataset: needs at least one tensor');
    for (const t of tensors) {
      if (t.shape.length === 0) throw new RangeError('TensorDataset: tensors must have at least one dimension');
      if (t.shape[0] !== tensors[0].shape[0]) {
        throw new RangeError(`Size mismatch between tensors: ${fmtShape(tensors[0].shape)} and ${fmtShape(t.shape)} differ in dim 0`);
      }
    }
    this.tensors = tensors;
    this.length = tensors[0].shape[0];
  }

  get(i: number): Tensor[] {
    const n = this.length;
    const k = i < 0 ? i + n : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`TensorDataset: index ${i} is out of range for ${n} samples`);
    return this.tensors.map((t) => {
      const row = t.values.length / n;
      return new Tensor(t.values.slice(k * row, (k + 1) * row), t.shape.slice(1));
    });
  }
}

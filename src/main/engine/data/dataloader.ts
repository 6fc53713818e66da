// DataLoader: batches from a dataset, reshuffled with the given Generator every time iteration
// starts (each `for…of` is one epoch). TensorDataset batches are gathered by direct row copies.
import { Tensor } from '../tensor';
import { stack } from '../ops/shape';
import { defaultGenerator, type Generator } from '../random';
import { TensorDataset, type Dataset } from './dataset';
import { checkOptions } from '../options';

const DATALOADER_OPTIONS = {
  allowed: ['batchSize', 'shuffle', 'dropLast', 'rng'],
  unsupported: {
    sampler: 'sampler', batchSampler: 'batch_sampler', numWorkers: 'num_workers', collateFn: 'collate_fn',
    pinMemory: 'pin_memory', timeout: 'timeout', workerInitFn: 'worker_init_fn', multiprocessingContext: 'multiprocessing_context',
    generator: 'generator (pass a Generator as rng)', prefetchFactor: 'prefetch_factor', persistentWorkers: 'persistent_workers',
    pinMemoryDevice: 'pin_memory_device',
  },
} as const;

export interface DataLoaderOptions {
  batchSize?: number;
  shuffle?: boolean;
  dropLast?: boolean;
  rng?: Generator;
}

/** Copies rows `idx[start..end)` of `src` (rows of `row` floats) into a new contiguous array. */
function gatherRows(src: Float32Array, row: number, idx: Int32Array, start: number, end: number): Float32Array {
  const out = new Float32Array((end - start) * row);
  if (row === 1) {
    for (let i = start; i < end; i++) out[i - start] = src[idx[i]];
  } else if (row <= 16) {
    let o = 0;
    for (let i = start; i < end; i++) {
      const s = idx[i] * row;
      for (let j = 0; j < row; j++) out[o++] = src[s + j];
    }
  } else {
    for (let i = start; i < end; i++) out.set(src.subarray(idx[i] * row, idx[i] * row + row), (i - start) * row);
  }
  return out;
}

export class DataLoader implements Iterable<Tensor[]> {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly rng: Generator;
  private readonly order: Int32Array;

  constructor(dataset: Dataset, opts: DataLoaderOptions = {}) {
    const { batchSize = 1, shuffle = false, dropLast = false, rng = defaultGenerator } = checkOptions(opts, 'DataLoader', DATALOADER_OPTIONS);
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.rng = rng;
    this.order = new Int32Array(dataset.length);
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<Tensor[]> {
    const n = this.dataset.length;
    const idx = this.shuffle ? this.rng.permutation(n) : this.order;
    const bs = this.batchSize;
    const batches = this.length;
    const ds = this.dataset;
    if (ds instanceof TensorDataset) {
      const rows = ds.tensors.map((t) => t.values.length / n);
      const tails = ds.tensors.map((t) => t.shape.slice(1));
      for (let b = 0; b < batches; b++) {
        const start = b * bs;
        const end = Math.min(start + bs, n);
        const out = new Array<Tensor>(rows.length);
        for (let t = 0; t < rows.length; t++) {
          out[t] = new Tensor(gatherRows(ds.tensors[t].values, rows[t], idx, start, end), [end - start, ...tails[t]]);
        }
        yield out;
      }
      return;
    }
    for (let b = 0; b < batches; b++) {
      const start = b * bs;
      const end = Math.min(start + bs, n);
      const items: Tensor[][] = [];
      for (let i = start; i < end; i++) items.push(ds.get(idx[i]));
      yield items[0].map((_, k) => stack(items.map((it) => it[k])));
    }
  }
}

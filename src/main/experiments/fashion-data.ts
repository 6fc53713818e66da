// d2l.load_data_fashion_mnist for the engine: the run's dataset, and iterators that yield batches
// of (X, y) with X shaped (B, 1, 28, 28) in [0, 1] (ToTensor()) and y the class indices. Pixels
// stay uint8 in memory; each batch is gathered straight into a Float32Array that the loader reuses,
// so an epoch allocates no image tensors. A yielded batch is valid until the next one is drawn,
// which is how every training loop here uses it (forward, backward and step before the next).
import type { ExperimentContext } from './define';
import { batchSize, epochs, lr, type HyperparameterSpec, type Hyperparameters, type PlotKind } from '../../shared/experiment-spec';
import { endianness } from 'node:os';
import { Tensor, type Generator } from '../engine';
import {
  datasetConfigForRuns, loadFashionMnist, samplesOf, IMAGE_PIXELS, IMAGE_SIDE,
  type FashionMnist, type FashionSplit,
} from '../services/datasets';
import type { DatasetView } from '../../shared/training';

/** ToTensor's scaling, x / 255 in float32, for every byte value. */
const TO_UNIT = (() => {
  const t = new Float32Array(256);
  for (let i = 0; i < 256; i++) t[i] = i / 255;
  return t;
})();

const WORDS_PER_IMAGE = IMAGE_PIXELS / 4;
const LITTLE_ENDIAN = endianness() === 'LE';
const wordViews = new WeakMap<Uint8Array, Uint32Array>();

/**
 * The pixels as 32-bit words (4 pixels a read), which halves the cost of gathering a batch
 * (measured: ≈ 60 ms instead of ≈ 120 ms per 60k-image epoch). Needs 4-byte alignment, so an
 * unaligned split is copied once; on a big-endian machine the byte path is used instead.
 */
function pixelWords(pixels: Uint8Array): Uint32Array | undefined {
  if (!LITTLE_ENDIAN) return undefined;
  let words = wordViews.get(pixels);
  if (!words) {
    const aligned = pixels.byteOffset % 4 === 0 ? pixels : pixels.slice();
    words = new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.length >>> 2);
    wordViews.set(pixels, words);
  }
  return words;
}

/** Rows `order[start..start+m)` (or start.. in order) of the split into xb (scaled) and yb. */
function gather(split: FashionSplit, order: Int32Array | undefined, start: number, m: number, xb: Float32Array, yb: Float32Array): void {
  const { pixels, labels } = split;
  const words = pixelWords(pixels);
  for (let r = 0; r < m; r++) {
    const i = order ? order[start + r]! : start + r;
    yb[r] = labels[i]!;
    let d = r * IMAGE_PIXELS;
    if (words) {
      const src = i * WORDS_PER_IMAGE;
      for (let q = 0; q < WORDS_PER_IMAGE; q++) {
        const w = words[src + q]!;
        xb[d] = TO_UNIT[w & 255]!;
        xb[d + 1] = TO_UNIT[(w >>> 8) & 255]!;
        xb[d + 2] = TO_UNIT[(w >>> 16) & 255]!;
        xb[d + 3] = TO_UNIT[w >>> 24]!;
        d += 4;
      }
    } else {
      const src = i * IMAGE_PIXELS;
      for (let p = 0; p < IMAGE_PIXELS; p++) xb[d + p] = TO_UNIT[pixels[src + p]!]!;
    }
  }
}

/** The dataset for this process's runs (see configureDatasets); throws naming where it looked. */
export function loadFashionForRun(): FashionMnist {
  const { dataDir, ...opts } = datasetConfigForRuns();
  return loadFashionMnist(dataDir, opts);
}

/** Fashion-MNIST's training set: a batch can be at most all of it. */
export const FASHION_TRAIN_SIZE = 60000;
/**
 * What train_ch3 and train_ch6 take, with the book's defaults for every Fashion-MNIST classifier
 * (num_epochs = 10, batch_size = 256) and the section's own learning rate.
 */
export const fashionClassifierHyperparameters = (learningRate: number): [HyperparameterSpec<'epochs'>, HyperparameterSpec<'lr'>, HyperparameterSpec<'batchSize'>] =>
  [epochs(10, 200), lr(learningRate), batchSize(256, FASHION_TRAIN_SIZE)];
/** What every classifier of chapters 3 and 4 shows: the book's train_ch3 views and predict_ch3 grid. */
export const CLASSIFIER_PLOTS: readonly PlotKind[] = ['images', 'loss', 'accuracy', 'predictions', 'confusion', 'params'];

/** The start of every classifier's run: the dataset, its preview for the panel, and the book's two loaders. */
export function fashionRunData(ctx: ExperimentContext<'batchSize'>): { ds: FashionMnist; trainIter: FashionLoader; testIter: FashionLoader } {
  const ds = loadFashionForRun();
  // Reading and decoding the files can take a while: a Stop meanwhile ends the run here.
  ctx.checkStop();
  ctx.dataset(fashionImagesView(ds));
  const [trainIter, testIter] = loadDataFashionMnist(ds, ctx.hp.batchSize, ctx.rng);
  return { ds, trainIter, testIter };
}

/** Training images per epoch for progress; 60,000 when the dataset cannot be read yet (the run then fails with the reason). */
export function fashionStepsPerEpoch(hp: Hyperparameters<'batchSize'>): number {
  let n = FASHION_TRAIN_SIZE;
  try {
    n = loadFashionForRun().train.count;
  } catch {
    // The run itself reports the missing or broken files.
  }
  return Math.ceil(n / hp.batchSize);
}

/** The book's 3.5 grid: the first 18 training images with their labels. */
export function fashionImagesView(ds: FashionMnist): DatasetView {
  const n = Math.min(18, ds.train.count);
  return { images: samplesOf(ds, 'train', Array.from({ length: n }, (_, i) => i)) };
}

export interface FashionLoaderOptions {
  batchSize: number;
  shuffle: boolean;
  rng?: Generator;
}

/** data.DataLoader(mnist_train, batch_size, shuffle=True) over the uint8 split. */
export class FashionLoader implements Iterable<[Tensor, Tensor]> {
  readonly batchSize: number;
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  private tail: { x: Float32Array; y: Float32Array } | undefined;

  constructor(readonly split: FashionSplit, private readonly opts: FashionLoaderOptions) {
    if (!Number.isInteger(opts.batchSize) || opts.batchSize <= 0) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${opts.batchSize}`);
    }
    if (opts.shuffle && !opts.rng) throw new Error('FashionLoader: shuffling needs the run\'s generator');
    this.batchSize = Math.min(opts.batchSize, Math.max(1, split.count));
    this.x = new Float32Array(this.batchSize * IMAGE_PIXELS);
    this.y = new Float32Array(this.batchSize);
  }

  get length(): number {
    return Math.ceil(this.split.count / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<[Tensor, Tensor]> {
    const count = this.split.count;
    const order = this.opts.shuffle ? this.opts.rng!.permutation(count) : undefined;
    const bs = this.batchSize;
    for (let start = 0; start < count; start += bs) {
      const m = Math.min(bs, count - start);
      let xb = this.x;
      let yb = this.y;
      if (m < bs) {
        if (!this.tail || this.tail.y.length !== m) this.tail = { x: new Float32Array(m * IMAGE_PIXELS), y: new Float32Array(m) };
        xb = this.tail.x;
        yb = this.tail.y;
      }
      gather(this.split, order, start, m, xb, yb);
      yield [new Tensor(xb, [m, 1, IMAGE_SIDE, IMAGE_SIDE]), new Tensor(yb, [m])];
    }
  }
}

/** The book's (train_iter, test_iter): the training set shuffled every epoch, the test set in order. */
export function loadDataFashionMnist(ds: FashionMnist, batchSize: number, rng: Generator): [FashionLoader, FashionLoader] {
  return [
    new FashionLoader(ds.train, { batchSize, shuffle: true, rng }),
    new FashionLoader(ds.test, { batchSize, shuffle: false }),
  ];
}

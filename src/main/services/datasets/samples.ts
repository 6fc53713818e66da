// datasets.samples: a handful of images with their labels for the image grid (the book's
// show_images of 3.5), as raw grey bytes in base64 — 784 bytes an image, no float JSON.
import { DATASET_IMPORT_LIMITS, type DatasetSamples, type DatasetSplit } from '../../../shared/datasets';
import type { FashionMnist } from './fashion-mnist';
import { IMAGE_PIXELS } from './idx';

export function samplesOf(ds: FashionMnist, split: DatasetSplit, indices: readonly number[]): DatasetSamples {
  const part = ds[split];
  if (indices.length > DATASET_IMPORT_LIMITS.samples) {
    throw new RangeError(`at most ${DATASET_IMPORT_LIMITS.samples} samples per request, got ${indices.length}`);
  }
  const pixels = Buffer.alloc(indices.length * IMAGE_PIXELS);
  const labels: number[] = [];
  indices.forEach((index, k) => {
    if (!Number.isInteger(index) || index < 0 || index >= part.count) {
      throw new RangeError(`sample index ${index} is out of range for the ${split} split (0..${part.count - 1})`);
    }
    pixels.set(part.pixels.subarray(index * IMAGE_PIXELS, (index + 1) * IMAGE_PIXELS), k * IMAGE_PIXELS);
    labels.push(part.labels[index]!);
  });
  return { split, indices: [...indices], labels, width: 28, height: 28, pixels: pixels.toString('base64') };
}

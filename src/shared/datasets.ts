// Fashion-MNIST as the contract sees it: where the files were found, what an import sends, the
// samples the image grid draws, and the class names in both languages (the book's
// get_fashion_mnist_labels). Shared so the renderer labels images with the same words. The request
// schemas are in datasets-schema.ts: what reads files (the experiment catalog) needs no valibot.
import type { Localized } from './experiment-spec';

export const FASHION_LABELS: readonly Localized[] = [
  { zh: 'T恤', en: 't-shirt' },
  { zh: '裤子', en: 'trouser' },
  { zh: '套衫', en: 'pullover' },
  { zh: '连衣裙', en: 'dress' },
  { zh: '外套', en: 'coat' },
  { zh: '凉鞋', en: 'sandal' },
  { zh: '衬衫', en: 'shirt' },
  { zh: '运动鞋', en: 'sneaker' },
  { zh: '包', en: 'bag' },
  { zh: '靴子', en: 'ankle boot' },
];

export type DatasetSplit = 'train' | 'test';

export interface DatasetFileStatus {
  /** File name as found, e.g. `train-images-idx3-ubyte.gz`. */
  name: string;
  path: string;
  bytes: number;
  /** Images or labels in the file, read from its header; absent when the header is unreadable. */
  count?: number;
  /** Why the header could not be read (the file is then not usable). */
  problem?: string;
}

export interface DatasetStatus {
  dataset: 'fashion-mnist';
  found: boolean;
  /** Where the four files were found (the first folder that has all of them). */
  location?: { dir: string; kind: 'data-dir' | 'system' | 'custom' };
  files: DatasetFileStatus[];
  /** Every folder looked in, in order, with the files it lacks. */
  searched: Array<{ dir: string; kind: 'data-dir' | 'system' | 'custom'; missing: string[] }>;
  /** Where an import copies the files. */
  importDir: string;
  /** How to fix a missing dataset, in both languages; absent when found. */
  fix?: Localized;
}

/**
 * One import: up to the four IDX files (gzipped or not). The largest, train-images un-gzipped, is
 * 47,040,016 bytes, i.e. 62.7 M base64 characters: send big files one per request so a WebSocket
 * message stays under its 64 MiB cap.
 */
export const DATASET_IMPORT_LIMITS = {
  files: 4,
  fileBytes: 45 * 1024 * 1024,
  /**
   * Hard ceiling on what one IDX file may inflate to (train-images is 47,040,016 bytes); within it,
   * a gzip stream may inflate only to the size its IDX header announces.
   */
  inflatedBytes: 64 * 1024 * 1024,
  /** Samples per request for the image grid. */
  samples: 100,
} as const;

export interface DatasetSamplesRequest {
  split: DatasetSplit;
  indices: number[];
}

export interface DatasetSamples {
  split: DatasetSplit;
  indices: number[];
  /** Class index per sample (names: FASHION_LABELS). */
  labels: number[];
  width: 28;
  height: 28;
  /** indices.length × 784 grey values 0..255 (0 = black), row-major, base64. */
  pixels: string;
}

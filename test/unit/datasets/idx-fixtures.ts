// Small Fashion-MNIST-shaped IDX files for tests: real headers, made-up pixels.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const IMAGE_MAGIC = 0x00000803;
export const LABEL_MAGIC = 0x00000801;

export function idxImages(pixels: Uint8Array, count = pixels.length / 784, opts: { magic?: number; rows?: number; cols?: number } = {}): Uint8Array {
  const out = new Uint8Array(16 + pixels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, opts.magic ?? IMAGE_MAGIC);
  view.setUint32(4, count);
  view.setUint32(8, opts.rows ?? 28);
  view.setUint32(12, opts.cols ?? 28);
  out.set(pixels, 16);
  return out;
}

export function idxLabels(labels: Uint8Array, count = labels.length, opts: { magic?: number } = {}): Uint8Array {
  const out = new Uint8Array(8 + labels.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, opts.magic ?? LABEL_MAGIC);
  view.setUint32(4, count);
  out.set(labels, 8);
  return out;
}

export interface SplitData {
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** A tiny deterministic PRNG so fixtures do not depend on the engine. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Ten easy classes: class k lights up rows 2k+4..2k+6 (value ≈ 200) over faint noise (0..40), so a
 * linear model separates them well within a few hundred images.
 */
export function syntheticSplit(count: number, seed: number): SplitData {
  const rand = lcg(seed);
  const pixels = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const k = i % 10;
    labels[i] = k;
    for (let p = 0; p < 784; p++) {
      const row = Math.floor(p / 28);
      const lit = row >= 2 * k + 4 && row < 2 * k + 6;
      pixels[i * 784 + p] = lit ? 160 + Math.floor(rand() * 80) : Math.floor(rand() * 40);
    }
  }
  return { pixels, labels };
}

export const NAMES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/** The four files as { name → bytes }, gzipped (default) or raw (names without .gz). */
export function fashionFiles(train: SplitData, test: SplitData, gzip = true): Record<string, Uint8Array> {
  const z = (b: Uint8Array): Uint8Array => (gzip ? gzipSync(b) : b);
  const n = (name: string): string => (gzip ? name : name.replace(/\.gz$/, ''));
  return {
    [n(NAMES.trainImages)]: z(idxImages(train.pixels)),
    [n(NAMES.trainLabels)]: z(idxLabels(train.labels)),
    [n(NAMES.testImages)]: z(idxImages(test.pixels)),
    [n(NAMES.testLabels)]: z(idxLabels(test.labels)),
  };
}

export function writeFiles(dir: string, files: Record<string, Uint8Array>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
  return dir;
}

import { describe, expect, it } from 'vitest';
import { cachedPromise } from '../../../src/renderer/src/lib/promise-cache';

describe('cachedPromise', () => {
  it('starts one fetch per key and hands every caller the same promise', async () => {
    const cache = new Map<string, Promise<number>>();
    let starts = 0;
    const start = (): Promise<number> => Promise.resolve(++starts);
    const a = cachedPromise(cache, 'k', start);
    const b = cachedPromise(cache, 'k', start);
    expect(b).toBe(a);
    expect(await a).toBe(1);
    expect(await cachedPromise(cache, 'other', start)).toBe(2);
    expect(await cachedPromise(cache, 'k', start)).toBe(1);
  });

  it('forgets a failed fetch so the next ask tries again', async () => {
    const cache = new Map<string, Promise<string>>();
    const failed = cachedPromise(cache, 'k', () => Promise.reject(new Error('chunk gone')));
    await expect(failed).rejects.toThrow('chunk gone');
    expect(cache.has('k')).toBe(false);
    expect(await cachedPromise(cache, 'k', () => Promise.resolve('ok'))).toBe('ok');
  });
});

// Things the renderer fetches once and then reuses (a note's live snippet, an experiment's
// program, a chunk of ECharts): the promise is kept per key so callers asking at the same time
// share one fetch, and dropped when it fails so a later ask tries again instead of failing forever.
export function cachedPromise<K, V>(cache: Map<K, Promise<V>>, key: K, start: () => Promise<V>): Promise<V> {
  let promise = cache.get(key);
  if (!promise) {
    promise = start();
    cache.set(key, promise);
    promise.catch(() => cache.delete(key));
  }
  return promise;
}

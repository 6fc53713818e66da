// A view whose code loads the first time it is shown, so it (and the libraries it imports) stays
// out of the first chunk: the shell and the experiment list do not wait for what they do not show.

export interface LazyComponent<C> {
  /** The component once loaded, else undefined. */
  readonly current: C | undefined;
  /** Starts loading (once; again after a failure). */
  load(): void;
}

export function lazyComponent<C>(importer: () => Promise<{ default: C }>, onerror: (err: unknown) => void): LazyComponent<C> {
  let current = $state.raw<C>();
  let loading = false;
  return {
    get current() {
      return current;
    },
    load() {
      if (current !== undefined || loading) return;
      loading = true;
      importer().then(
        (m) => {
          current = m.default;
        },
        (err: unknown) => {
          loading = false;
          onerror(err);
        },
      );
    },
  };
}

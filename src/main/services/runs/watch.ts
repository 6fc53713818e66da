// Watches the runs folder so a run saved elsewhere (the CLI, another app window, a second server on
// the same data folder) shows up in every open list without a reload. Only the folder itself is
// watched: a run appears or goes as one rename of its folder (saves are atomic), so that is where
// the change is seen; edits to a run made through this process refresh the lists that made them.
import { watch, type FSWatcher } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { EventHub } from '../../events';
import type { RunStore } from './store';

export interface RunsWatch {
  close(): void;
}

/**
 * Calls `onChange` once per burst of changes in `runsDir` (a save is several renames), at most
 * every `quietMs`. The folder is created when missing, so a first run saved by the CLI is seen too.
 * A folder that cannot be watched (no inotify watches left) is reported once through `onError`
 * and the lists refresh only on their own actions, as before.
 */
export async function watchRunsFolder(
  runsDir: string,
  onChange: () => void,
  options: { quietMs?: number; onError?: (err: Error) => void } = {},
): Promise<RunsWatch> {
  const quietMs = options.quietMs ?? 150;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: FSWatcher | undefined;
  let closed = false;
  const report = (err: Error): void => {
    options.onError?.(err);
  };
  try {
    await mkdir(runsDir, { recursive: true });
    watcher = watch(runsDir, { persistent: false }, () => {
      if (closed || timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        if (!closed) onChange();
      }, quietMs);
    });
    watcher.on('error', (err) => {
      report(err);
      watcher?.close();
    });
  } catch (err) {
    report(err instanceof Error ? err : new Error(String(err)));
  }
  return {
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}

/**
 * The one wiring both transports use: a change in the runs folder becomes the `runs.changed` event.
 * The store forgets any list it is still building first, or the list the event asks for could be
 * one read before the change.
 */
export function announceRunsChanges(
  store: Pick<RunStore, 'runsDir' | 'invalidate'>,
  events: Pick<EventHub, 'emit'>,
  log: (line: string) => void = console.warn,
): Promise<RunsWatch> {
  return watchRunsFolder(
    store.runsDir,
    () => {
      store.invalidate();
      events.emit('runs.changed', null);
    },
    { onError: (err) => log(`not watching ${store.runsDir} for runs saved elsewhere (${err.message}); lists refresh on this app's own changes only`) },
  );
}

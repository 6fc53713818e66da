import { mkdirSync, renameSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventHub } from '../../../src/main/events';
import { announceRunsChanges, watchRunsFolder, type RunsWatch } from '../../../src/main/services/runs/watch';
import { RunStore } from '../../../src/main/services/runs/store';
import { tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let watching: RunsWatch | undefined;
beforeEach(() => {
  tmp = tempDir('d2l-watch-');
});
afterEach(() => {
  watching?.close();
  tmp.cleanup();
});

/**
 * A run saved the way the store saves one: a temp folder renamed into place. Synchronous, so the
 * two changes are one burst however loaded the machine is (async calls may be far apart).
 */
function saveRunFolder(runsDir: string, id: string): void {
  mkdirSync(join(runsDir, `.tmp-${id}`));
  renameSync(join(runsDir, `.tmp-${id}`), join(runsDir, id));
}

describe('watching the runs folder', () => {
  it('creates a missing folder and reports a run saved by another process once per burst', async () => {
    const runsDir = join(tmp.dir, 'data', 'runs');
    const onChange = vi.fn();
    // Quiet long enough that a loaded machine's late event still falls in the burst's window.
    watching = await watchRunsFolder(runsDir, onChange, { quietMs: 500 });
    saveRunFolder(runsDir, 'run-a');
    await vi.waitFor(() => expect(onChange).toHaveBeenCalled(), { timeout: 10_000 });
    // The burst (mkdir + rename) was one call.
    expect(onChange).toHaveBeenCalledTimes(1);
    await rm(join(runsDir, 'run-a'), { recursive: true });
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(2), { timeout: 10_000 });
  });

  it('becomes the runs.changed event, and stops when closed', async () => {
    const runsDir = join(tmp.dir, 'runs');
    const events = new EventHub();
    const heard: Array<[string, unknown]> = [];
    events.subscribe((name, payload) => heard.push([name, payload]));
    watching = await announceRunsChanges(new RunStore(tmp.dir), events);
    saveRunFolder(runsDir, 'run-b');
    await vi.waitFor(() => expect(heard).toEqual([['runs.changed', null]]), { timeout: 10_000 });
    watching.close();
    saveRunFolder(runsDir, 'run-c');
    // Closed: proven by a second watcher hearing the change while the first stays silent.
    const second = vi.fn();
    const other = await watchRunsFolder(runsDir, second, { quietMs: 20 });
    saveRunFolder(runsDir, 'run-d');
    await vi.waitFor(() => expect(second).toHaveBeenCalled(), { timeout: 10_000 });
    other.close();
    expect(heard).toHaveLength(1);
  });

  it('makes the store read the folder again before it says runs.changed', async () => {
    const store = new RunStore(tmp.dir);
    const order: string[] = [];
    const events = new EventHub();
    events.subscribe((name) => order.push(name));
    watching = await announceRunsChanges({ runsDir: store.runsDir, invalidate: () => order.push('invalidate') }, events);
    saveRunFolder(store.runsDir, 'run-e');
    await vi.waitFor(() => expect(order).toEqual(['invalidate', 'runs.changed']), { timeout: 10_000 });
  });

  it('says once, through onError, when the folder cannot be watched', async () => {
    const errors: string[] = [];
    const file = join(tmp.dir, 'not-a-folder');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, 'x'));
    watching = await announceRunsChanges(new RunStore(file), new EventHub(), (line) => errors.push(line));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^not watching .*not-a-folder\/runs for runs saved elsewhere \(.*ENOTDIR/);
  });
});

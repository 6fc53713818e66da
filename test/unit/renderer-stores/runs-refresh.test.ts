// The runs list as the sidebar shows it: requests answered out of order (the server answers each
// request when its handler ends) must never leave an older list on screen.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunList, RunListItem } from '../../../src/shared/runs';

interface Pending {
  resolve: (list: RunList) => void;
}
const server = vi.hoisted(() => ({ pending: [] as Pending[], listeners: new Map<string, () => void>() }));

vi.mock('../../../src/renderer/src/lib/transport', () => ({
  getWorkbench: async () => ({
    invoke: (name: string) => {
      if (name !== 'runs.list') throw new Error(`unexpected request ${name}`);
      return new Promise<RunList>((resolve) => server.pending.push({ resolve }));
    },
    on: (name: string, listener: () => void) => {
      server.listeners.set(name, listener);
      return () => server.listeners.delete(name);
    },
  }),
}));

const item = (id: string): RunListItem => ({
  id,
  experiment: 'linreg-concise',
  section: '3.3',
  status: 'completed',
  createdAt: '2026-12-02T10:00:00.000Z',
  finalLoss: 0.0001,
  backend: 'ts',
  pinned: false,
  hasParams: true,
  hyperparameters: { epochs: 3 },
  seed: 1,
  stepsCompleted: 300,
});
const listOf = (...ids: string[]): RunList => ({ runs: ids.map(item), problems: [] });

/** Lets the store's awaits run until it has sent the requests it is going to send. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('the runs store', () => {
  beforeEach(() => {
    vi.resetModules();
    server.pending.length = 0;
    server.listeners.clear();
  });

  it('keeps the newer list when an older reply arrives after it', async () => {
    const { runs } = await import('../../../src/renderer/src/lib/runs.svelte');
    const older = runs.refresh();
    await settle();
    const newer = runs.refresh();
    await settle();
    expect(server.pending).toHaveLength(2);
    server.pending[1]!.resolve(listOf('run-b', 'run-a'));
    await newer;
    server.pending[0]!.resolve(listOf('run-a'));
    await older;
    expect(runs.items.map((r) => r.id)).toEqual(['run-b', 'run-a']);
  });

  it('applies replies that come in order, and a refresh on runs.changed after a direct one', async () => {
    const { runs } = await import('../../../src/renderer/src/lib/runs.svelte');
    await runs.subscribe();
    const first = runs.refresh();
    await settle();
    server.pending[0]!.resolve(listOf('run-a'));
    await first;
    expect(runs.items.map((r) => r.id)).toEqual(['run-a']);
    server.listeners.get('runs.changed')!();
    await settle();
    expect(server.pending).toHaveLength(2);
    server.pending[1]!.resolve(listOf('run-c', 'run-a'));
    await vi.waitFor(() => expect(runs.items.map((r) => r.id)).toEqual(['run-c', 'run-a']));
  });
});

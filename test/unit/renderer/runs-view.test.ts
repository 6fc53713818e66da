import { describe, expect, it } from 'vitest';
import { exportFileStem, type RunListItem } from '../../../src/shared/runs';
import { ALL_RUNS, arrangeRuns, distinguishingKeys, filterChoices, hyperparameterLabel } from '../../../src/renderer/src/lib/runs-view';

let n = 0;
function run(over: Partial<RunListItem>): RunListItem {
  n++;
  return {
    id: `r${n}`, experiment: 'linreg-concise', section: '3.3', status: 'completed', createdAt: `2026-12-01T10:${String(60 - n).padStart(2, '0')}:00.000Z`,
    finalLoss: 0.0001, backend: 'native', pinned: false, hasParams: true,
    hyperparameters: { epochs: 3, lr: 0.03, batchSize: 10 }, seed: 42, stepsCompleted: 300,
    ...over,
  };
}

describe('runs list view', () => {
  const a = run({ hyperparameters: { epochs: 3, lr: 0.03, batchSize: 10 } });
  const b = run({ hyperparameters: { epochs: 3, lr: 0.1, batchSize: 10 }, status: 'diverged' });
  const c = run({ experiment: 'mlp-scratch', section: '4.2', hyperparameters: { epochs: 10, lr: 0.1 } });
  const unstarted = run({ status: 'cancelled', stepsCompleted: 0 });
  const stoppedLate = run({ status: 'cancelled', stepsCompleted: 120, seed: 7 });
  const items = [a, b, c, unstarted, stoppedLate];

  it('groups by experiment in list order and hides runs cancelled before their first step by default', () => {
    const view = arrangeRuns(items, ALL_RUNS);
    expect(view.groups.map((g) => [g.experiment, g.items.map((i) => i.id)])).toEqual([
      ['linreg-concise', [a.id, b.id, stoppedLate.id]],
      ['mlp-scratch', [c.id]],
    ]);
    expect(view.hiddenUnstarted).toBe(1);
    expect(view.shown).toBe(4);
    const all = arrangeRuns(items, { ...ALL_RUNS, showUnstarted: true });
    expect(all.groups[0]!.items.map((i) => i.id)).toContain(unstarted.id);
    expect(all.hiddenUnstarted).toBe(0);
  });

  it('filters by experiment and by status', () => {
    expect(arrangeRuns(items, { ...ALL_RUNS, experiment: 'mlp-scratch' }).groups.map((g) => g.experiment)).toEqual(['mlp-scratch']);
    const diverged = arrangeRuns(items, { ...ALL_RUNS, status: 'diverged' });
    expect(diverged.groups.flatMap((g) => g.items.map((i) => i.id))).toEqual([b.id]);
    expect(arrangeRuns(items, { ...ALL_RUNS, status: 'failed' }).shown).toBe(0);
  });

  it('labels each run with the hyperparameters (and seed) that differ within its experiment', () => {
    const view = arrangeRuns(items, ALL_RUNS);
    const linreg = view.groups[0]!;
    expect(linreg.keys).toEqual(['lr', 'seed']);
    expect(hyperparameterLabel(b, linreg.keys)).toBe('lr 0.1 · seed 42');
    expect(hyperparameterLabel(stoppedLate, linreg.keys)).toBe('lr 0.03 · seed 7');
    // A lone run has nothing to tell apart.
    expect(view.groups[1]!.keys).toEqual([]);
    expect(distinguishingKeys([a, run({ hyperparameters: { epochs: 3, lr: 0.03, batchSize: 10, wd: 3 } })])).toEqual(['wd']);
    expect(hyperparameterLabel({ hyperparameters: { lr: 0.1 / 3 }, seed: 1 }, ['lr', 'wd'])).toBe('lr 0.03333 · wd —');
  });

  it('offers the experiments present in book order and the statuses present', () => {
    const choices = filterChoices([c, a, b, run({ experiment: 'softmax-concise', section: '3.7' })]);
    expect(choices.experiments).toEqual([
      { id: 'linreg-concise', section: '3.3', count: 2 },
      { id: 'softmax-concise', section: '3.7', count: 1 },
      { id: 'mlp-scratch', section: '4.2', count: 1 },
    ]);
    expect(choices.statuses).toEqual(['completed', 'diverged']);
  });
});

describe('exported file names', () => {
  it('are the title in safe characters plus the id', () => {
    const id = 'run-20261201-1000-ab12';
    expect(exportFileStem({ id, experiment: 'linreg-concise' })).toBe(`linreg-concise-${id}`);
    expect(exportFileStem({ id, experiment: 'x', title: 'Adam, lr=0.1?  / run:2' })).toBe(`Adam-lr-0.1-run-2-${id}`);
    expect(exportFileStem({ id, experiment: 'x', title: '学习率 0.1 的运行' })).toBe(`学习率-0.1-的运行-${id}`);
    expect(exportFileStem({ id, experiment: 'x', title: '../../etc/passwd' })).toBe(`etc-passwd-${id}`);
    expect(exportFileStem({ id, experiment: 'x', title: '***' })).toBe(id);
    expect(exportFileStem({ id, experiment: 'x', title: 'é'.repeat(100) })).toBe(`${'é'.repeat(60)}-${id}`);
    expect(exportFileStem({ id, experiment: 'x', title: 'a\u0000b\nc' })).toBe(`a-b-c-${id}`);
  });
});

// Adding an experiment is writing one definition: the throwaway test experiment, added to a copy of
// the catalog and nowhere else, shows up in experiments.list, `experiments --json`, trains from the
// CLI with its own flag, and prints the line its definition asks for.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/main';
import { CATALOG } from '../../../src/main/experiments/catalog';
import { createHandlers } from '../../../src/main/handlers';
import { dispatch } from '../../../src/main/dispatch';
import { throwaway } from '../../fixtures/throwaway-experiment';
import { capturedIo } from '../helpers/cli-io';

const catalog = CATALOG.with(throwaway);

describe('an experiment added through its definition only', () => {
  it('is in the catalog and experiments.list', async () => {
    expect(catalog.get('throwaway-line')).toBe(throwaway);
    expect(CATALOG.get('throwaway-line')).toBeUndefined();
    const handlers = createHandlers({ dataDir: '/nonexistent-d2l-data', mode: 'web', systemLang: 'en', catalog });
    const reply = await dispatch(handlers, 'experiments.list', null);
    expect(reply.ok).toBe(true);
    const specs = reply.ok ? (reply.result as Array<{ id: string; plots: string[] }>) : [];
    expect(specs.at(-1)).toMatchObject({ id: 'throwaway-line', plots: ['scatter', 'loss', 'params'] });
  });

  it('is listed by `experiments --json` and trains from the CLI with its own flag', async () => {
    const list = capturedIo();
    expect(await runCli(['experiments', '--json'], list, catalog)).toBe(0);
    const listed = JSON.parse(list.stdout) as { experiments: Array<{ id: string; hyperparameters: Array<{ flag: string }> }> };
    expect(listed.experiments.find((e) => e.id === 'throwaway-line')?.hyperparameters.map((h) => h.flag)).toEqual(['epochs', 'lr', 'batch-size', 'slope']);

    const run = capturedIo();
    expect(await runCli(['train', 'throwaway-line', '--slope', '2', '--epochs', '20', '--no-save'], run, catalog)).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^epoch \d+, loss /.test(l))).toHaveLength(20);
    expect(lines.at(-1)).toBe('slope learned: 2.00');

    const bad = capturedIo();
    expect(await runCli(['train', 'throwaway-line', '--batch-size', '65', '--no-save'], bad, catalog)).toBe(2);
    expect(bad.stderr).toContain('batch-size must be ≤ the training set size (64), got 65');
  });
});

// `runs` and `export` commands run in-process; runSubcommand (helpers/cli-io.ts) reports errors the
// way runCli does (exit-codes.ts: 2 usage, 3 not found, 4 bad data, 1 other).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { join } from 'node:path';
import { runsCommand } from '../../../src/main/cli/runs';
import { exportCommand } from '../../../src/main/cli/export';
import { RunStore } from '../../../src/main/services/runs/store';
import { LINREG_PARAMS, linregDraft, tempDir } from './helpers';
import { type CliResult, runSubcommand } from '../helpers/cli-io';

const cli = (command: 'runs' | 'export', argv: string[]): Promise<CliResult> =>
  runSubcommand(command, command === 'runs' ? runsCommand : exportCommand, argv);

let tmp: ReturnType<typeof tempDir>;
let store: RunStore;
let dd: string[];
beforeEach(() => {
  tmp = tempDir('d2l-cli-');
  store = new RunStore(join(tmp.dir, 'data'));
  dd = ['--data-dir', store.dataDir];
});
afterEach(() => tmp.cleanup());

describe('d2l-workbench runs', () => {
  it('lists runs newest first for people and for machines, and reports broken folders on stderr', async () => {
    const old = await store.save(linregDraft({ createdAt: '2026-11-25T10:00:00.000Z' }), LINREG_PARAMS);
    const recent = await store.save(linregDraft({ createdAt: '2026-11-26T10:00:00.000Z', title: 'second' }), LINREG_PARAMS);
    await store.update(recent, { pinned: true });
    mkdirSync(join(store.runsDir, 'broken'));
    const human = await cli('runs', [...dd]);
    expect(human.code).toBe(0);
    expect(human.stdout.split('\n').filter(Boolean)).toEqual([
      `* ${recent}  linreg-concise  3.3   completed loss 0.000102  "second"`,
      `  ${old}  linreg-concise  3.3   completed loss 0.000102`,
    ]);
    expect(human.stderr).toBe(`skipped ${store.runsDir}/broken: run.json is missing\n`);
    const json = await cli('runs', ['list', '--json', ...dd]);
    const parsed = JSON.parse(json.stdout) as { runs: Array<{ id: string }>; problems: Array<{ folder: string }> };
    expect(parsed.runs.map((r) => r.id)).toEqual([recent, old]);
    expect(parsed.problems).toEqual([{ folder: 'broken', reason: 'run.json is missing' }]);
  });

  it('says when there are no runs', async () => {
    expect((await cli('runs', [...dd])).stdout).toBe(`no saved runs in ${store.runsDir}\n`);
  });

  it('shows a run like the book prints it, or as JSON', async () => {
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    const human = await cli('runs', ['show', id, ...dd]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`id           ${id}\n`);
    expect(human.stdout).toContain('config       epochs=3 lr=0.03 batchSize=10 samples=1000 seed=42\n');
    expect(human.stdout).toContain('  epoch 1, loss 0.000248\n');
    expect(human.stdout).toContain('params       0.weight [1, 2], 0.bias [1]\n');
    const json = await cli('runs', ['show', id, '--json', ...dd]);
    expect(JSON.parse(json.stdout)).toEqual(await store.get(id));
  });

  it('bundles, deletes and imports a run', async () => {
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    const file = join(tmp.dir, 'shared.d2lrun');
    expect((await cli('runs', ['bundle', id, '--out', file, ...dd])).stdout).toBe(`wrote ${file}\n`);
    expect((await cli('runs', ['delete', id, ...dd])).stdout).toBe(`deleted ${id}\n`);
    expect(readdirSync(store.runsDir)).toEqual([]);
    expect((await cli('runs', ['import', file, ...dd])).stdout).toBe(`imported ${id}\n`);
    expect((await cli('runs', ['import', file, ...dd])).stdout).toBe(`already saved as ${id}\n`);
  });

  it('exits 2 with one line naming the bad argument', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['lst'], /unknown subcommand "lst"; subcommands: list, show, delete, import, bundle/],
      [['show', '../x'], /run id must be 1–64 of a-z, 0-9 and "-", got "..\/x"/],
      [['show'], /missing argument; usage: d2l-workbench runs show ID/],
      [['bundle', 'abc'], /--out FILE is required/],
      [['delete', 'abc', '--json'], /unknown option --json; known: --data-dir/],
    ];
    for (const [argv, message] of cases) {
      const r = await cli('runs', [...argv, ...dd]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });

  it('exits 3 naming an unknown run, 4 for a hostile bundle', async () => {
    const missing = await cli('runs', ['show', '20990101-000000-000000', ...dd]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/no run "20990101-000000-000000"/);
    writeFileSync(join(tmp.dir, 'evil.d2lrun'), zipSync({ '../../evil': new Uint8Array(3) }));
    const evil = await cli('runs', ['import', join(tmp.dir, 'evil.d2lrun'), ...dd]);
    expect(evil.code).toBe(4);
    expect(evil.stderr).toMatch(/bundle refused: entry "..\/..\/evil" has a ".." path segment/);
    expect(existsSync(join(tmp.dir, '..', 'evil'))).toBe(false);
  });
});

describe('d2l-workbench export', () => {
  it('writes the chosen format, to --out or to ./<id>.<ext>', async () => {
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    const out = join(tmp.dir, 'w.csv');
    const r = await cli('export', [id, '--format', 'csv', '--out', out, ...dd]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out} (csv, ${readFileSync(out).length} bytes)\n`);
    const cwd = process.cwd();
    process.chdir(tmp.dir);
    try {
      // Without --out: named after the run (title, else experiment) plus its id.
      expect((await cli('export', [id, '--format=safetensors', '--json', ...dd])).stdout).toContain(`"file":"${join(tmp.dir, `linreg-concise-${id}.safetensors`)}"`);
    } finally {
      process.chdir(cwd);
    }
  });

  it('names bad flags (exit 2) and impossible exports (exit 1)', async () => {
    const id = await store.save(linregDraft({ status: 'failed', epochs: [], stepLosses: [] }));
    const bad = await cli('export', [id, '--format', 'pickle', ...dd]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('d2l-workbench export: --format must be one of safetensors, npz, json, csv, onnx, pytorch; got "pickle"\n');
    const missing = await cli('export', [id, ...dd]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--format is required; one of safetensors, npz, json, csv, onnx/);
    const noParams = await cli('export', [id, '--format', 'npz', '--out', join(tmp.dir, 'x.npz'), ...dd]);
    expect(noParams.code).toBe(1);
    expect(noParams.stderr).toMatch(`run ${id} has no saved parameters to export (status failed)`);
    expect(existsSync(join(tmp.dir, 'x.npz'))).toBe(false);
  });
});

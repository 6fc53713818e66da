// `notes` runs in-process; runSubcommand (helpers/cli-io.ts) reports errors the way runCli does (exit-codes.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { notesCommand } from '../../../src/main/cli/notes';
import { type CliResult, runSubcommand, useCliDataDir } from '../helpers/cli-io';

const SEED_PATH = new URL('./fixtures/study-notes-zh.txt', import.meta.url).pathname;

const cli = (argv: string[]): Promise<CliResult> => runSubcommand('notes', notesCommand, argv);

const at = useCliDataDir('d2l-notes-cli-');

describe('d2l-workbench notes', () => {
  it('lists the built-in notes in the chosen language, and says where own notes go', async () => {
    const r = await cli(['list', '--lang', 'zh', ...at.dd]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^d2l-0-install\s+built-in\s+0 安装$/m);
    expect(r.stdout).toMatch(/^d2l-3-3-linreg-concise\s+built-in\s+3\.3 线性回归的简洁实现$/m);
    expect(r.stdout).toContain(`(no own notes yet in ${join(at.dir, 'data', 'notes')})`);
  });

  it('imports the seed notes, lists, shows and exports them', async () => {
    const imported = await cli(['import', SEED_PATH, ...at.dd]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('as note study-notes-zh ("动手学深度学习 笔记")');

    const list = await cli(['--json', ...at.dd]);
    const parsed = JSON.parse(list.stdout) as { notes: Array<{ id: string; source: string }> };
    expect(parsed.notes.filter((n) => n.source === 'own').map((n) => n.id)).toEqual(['study-notes-zh']);

    const shown = await cli(['show', 'study-notes-zh', ...at.dd]);
    expect(shown.stdout).toContain('## 3.1 线性回归\n\n$$\n\\hat{y} = X w + b\n$$');

    const out = join(at.dir, 'out.md');
    const exported = await cli(['export', 'study-notes-zh', '--out', out, '--json', ...at.dd]);
    expect(JSON.parse(exported.stdout)).toMatchObject({ id: 'study-notes-zh', file: out });
    expect(readFileSync(out, 'utf8')).toBe(shown.stdout);
  });

  it('says when an import is kept beside an earlier one, and replaces it with --replace', async () => {
    await cli(['import', SEED_PATH, ...at.dd]);
    const again = await cli(['import', SEED_PATH, ...at.dd]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('as note study-notes-zh-2');
    expect(again.stdout).toContain('note study-notes-zh exists and was kept; --replace writes over it');
    const replaced = await cli(['import', SEED_PATH, '--replace', ...at.dd]);
    expect(replaced.stdout).toContain('as note study-notes-zh (');
    expect(replaced.stdout).not.toContain('was kept');
    const list = JSON.parse((await cli(['--json', ...at.dd])).stdout) as { notes: Array<{ id: string; source: string }> };
    expect(list.notes.filter((n) => n.source === 'own').map((n) => n.id).sort()).toEqual(['study-notes-zh', 'study-notes-zh-2']);
  });

  it('shows and exports built-in notes in either language', async () => {
    const en = await cli(['show', 'd2l-3-1-linreg', '--lang', 'en', ...at.dd]);
    expect(en.stdout.startsWith('# 3.1 Linear regression\n')).toBe(true);
    const out = join(at.dir, 'x.md');
    await cli(['export', 'd2l-3-1-linreg', '--lang', 'zh', '--out', out, ...at.dd]);
    expect(readFileSync(out, 'utf8')).toContain('梯度下降');
    const json = JSON.parse((await cli(['show', 'd2l-3-1-linreg', '--json', '--lang', 'zh', ...at.dd])).stdout) as { readOnly: boolean; lang: string };
    expect(json).toMatchObject({ readOnly: true, lang: 'zh' });
  });

  it('refuses bad arguments with one line and exit 2, missing notes and files with exit 3', async () => {
    expect(await cli(['show', '../etc', ...at.dd])).toMatchObject({ code: 2, stderr: expect.stringContaining('note id must be 1–64 of a-z, 0-9 and "-", got "../etc"') });
    expect(await cli(['frob', ...at.dd])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown subcommand "frob"; subcommands: list, show, import, export') });
    expect(await cli(['list', '--lang', 'fr', ...at.dd])).toMatchObject({ code: 2, stderr: expect.stringContaining('--lang must be one of zh, en; got "fr"') });
    expect(await cli(['show', ...at.dd])).toMatchObject({ code: 2, stderr: expect.stringContaining('missing argument') });
    expect(await cli(['show', 'ghost', ...at.dd])).toMatchObject({ code: 3, stderr: expect.stringContaining('no note "ghost"') });
    const bad = join(at.dir, 'x.html');
    writeFileSync(bad, '<b>');
    expect(await cli(['import', bad, ...at.dd])).toMatchObject({ code: 2, stderr: expect.stringContaining('only .md, .markdown and .txt') });
    expect(await cli(['import', join(at.dir, 'none.md'), ...at.dd])).toMatchObject({ code: 3, stderr: expect.stringContaining('no such file') });
  });
});

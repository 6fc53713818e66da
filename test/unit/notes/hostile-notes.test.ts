// Issue 12 for notes: a FIFO (or a link, or a 1 TB sparse file) in notes/ or notes/.pins/ never
// hangs a request (item 2), the good notes are still listed, and a note file the app cannot read
// can be deleted, from the service and from the new `notes delete` command (item 6).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotesService } from '../../../src/main/services/notes';
import { NOTE_LIMITS } from '../../../src/shared/notes';
import { runCli } from '../../../src/main/cli/main';
import { answers, mkfifo, releaseFifos } from '../security/hostile-fixtures';

let dataDir: string;
let notes: NotesService;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'd2l-notes-hostile-'));
  notes = new NotesService(dataDir);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  releaseFifos();
  rmSync(dataDir, { recursive: true, force: true });
});

function cliIo() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { isTTY: false, out: (t: string) => void (out.stdout += t), err: (t: string) => void (out.stderr += t) } };
}

describe('odd files in notes/ (item 2)', () => {
  it('a FIFO as a pins file: the note opens with no pins, and the next pin replaces the FIFO', async () => {
    mkdirSync(join(dataDir, 'notes', '.pins'), { recursive: true });
    mkfifo(join(dataDir, 'notes', '.pins', 'd2l-3-3-linreg-concise.json'));
    const docs = await answers(Promise.all(Array.from({ length: 6 }, () => notes.get('d2l-3-3-linreg-concise', 'en'))), 'six notes.get');
    for (const doc of docs) expect(doc.pins).toEqual([]);
    const pins = await notes.pin({
      id: 'd2l-3-3-linreg-concise',
      add: { experiment: 'linreg-concise', runId: 'r-1', status: 'completed', epochs: 3, hyperparameters: { epochs: 3 }, seed: 42, finalLoss: 0.1, backend: 'ts' },
    });
    expect(pins).toHaveLength(1);
    expect((await notes.get('d2l-3-3-linreg-concise', 'en')).pins).toHaveLength(1);
  });

  it('a FIFO, a link and a 1 TB sparse file as notes: the list answers with the good notes; each bad one is named', async () => {
    await notes.create('Good note');
    const dir = join(dataDir, 'notes');
    mkfifo(join(dir, 'pipe.md'));
    symlinkSync('/etc/hostname', join(dir, 'link.md'));
    writeFileSync(join(dir, 'huge.md'), '');
    truncateSync(join(dir, 'huge.md'), 2 ** 40);
    const list = await answers(notes.list(), 'notes.list');
    expect(list.filter((n) => n.source === 'own').map((n) => n.id)).toEqual(['good-note']);
    const warned = (console.warn as unknown as { mock: { calls: unknown[][] } }).mock.calls.map((c) => String(c[0]));
    expect(warned.join('\n')).toMatch(/note "pipe" cannot be read: .*pipe\.md is a FIFO \(named pipe\), not a regular file/);
    expect(warned.join('\n')).toMatch(/note "huge" cannot be read: .*huge\.md is 1099511627776 bytes/);
    await expect(answers(notes.get('pipe', 'en'), 'notes.get')).rejects.toThrow(/is a FIFO \(named pipe\), not a regular file; delete it or replace it/);
    expect((await answers(notes.search('Good'), 'notes.search')).filter((h) => h.source === 'own').map((h) => h.id)).toEqual(['good-note']);
  });

  it('an unreadable note can be deleted by the service and by `notes delete`', async () => {
    const dir = join(dataDir, 'notes');
    mkdirSync(dir, { recursive: true });
    mkfifo(join(dir, 'pipe.md'));
    expect(await notes.delete('pipe')).toEqual({ ok: true });
    expect(existsSync(join(dir, 'pipe.md'))).toBe(false);
    mkfifo(join(dir, 'pipe.md'));
    const cli = cliIo();
    expect(await answers(runCli(['notes', 'delete', 'pipe', '--data-dir', dataDir], cli.io), 'notes delete')).toBe(0);
    expect(cli.out.stdout).toBe('deleted note pipe\n');
    expect(existsSync(join(dir, 'pipe.md'))).toBe(false);
  });
});

describe('d2l-workbench notes delete (item 6)', () => {
  it('deletes an own note with its pins; refuses built-in notes and unknown ids', async () => {
    const created = await notes.create('Katex bomb', `$${'{'.repeat(5000)}${'}'.repeat(5000)}$`);
    const cli = cliIo();
    expect(await runCli(['notes', 'delete', created.id, '--data-dir', dataDir], cli.io)).toBe(0);
    expect(cli.out.stdout).toBe(`deleted note ${created.id}\n`);
    expect((await notes.list()).some((n) => n.id === created.id)).toBe(false);
    const again = cliIo();
    // Exit codes by kind (cli/exit-codes.ts): a missing note is 3, a read-only one a bad argument (2).
    expect(await runCli(['notes', 'delete', created.id, '--data-dir', dataDir], again.io)).toBe(3);
    expect(again.out.stderr).toContain(`no note "${created.id}"`);
    const builtin = cliIo();
    expect(await runCli(['notes', 'delete', 'd2l-3-1-linreg', '--data-dir', dataDir], builtin.io)).toBe(2);
    expect(builtin.out.stderr).toContain('built in and read-only');
    const bad = cliIo();
    expect(await runCli(['notes', 'delete', '../x', '--data-dir', dataDir], bad.io)).toBe(2);
  });
});

describe('text that made the notes service backtrack for minutes (found by the hostile-folder property)', () => {
  // Each input is as long as a note may be. Before: `x = "\\'…` backtracked exponentially in the
  // .txt importer; `[a](`, `[[…]]`, ` # # #` and long runs of spaces quadratically in search, titles
  // and import. Nothing here is timed: the old code simply never finished.
  // Nine tenths of the cap: the .txt conversion adds escapes and a newline.
  const size = Math.floor(NOTE_LIMITS.markdownChars * 0.9);
  const fill = (unit: string, prefix = ''): string => prefix + unit.repeat(Math.floor((size - prefix.length) / unit.length));
  const inputs: Record<string, string> = {
    'an unclosed string of escaped quotes': fill("\\'", 'x = "'),
    'link openers': fill('[a]('),
    'brackets': `${'['.repeat(size / 2)}${']'.repeat(size / 2)}`,
    'a heading of closing hashes': fill(' #', '# '),
    'spaces before a word': `${' '.repeat(size)}x`,
    'for … in … without a colon': fill('a in ', 'for '),
    'a dotted name without its call': `${fill('.b', 'a').slice(0, -1)}(`,
  };

  it.each(Object.entries(inputs))('%s: imports as .txt and .md, lists, searches', async (_what, text) => {
    const asTxt = await notes.import('hostile.txt', text);
    const asMd = await notes.import('hostile.md', text);
    expect(asTxt.id).not.toBe(asMd.id);
    expect((await notes.list()).filter((n) => n.source === 'own')).toHaveLength(2);
    expect(Array.isArray(await notes.search('zzz-not-there'))).toBe(true);
    expect(Array.isArray(await notes.search('a'))).toBe(true);
  });
});

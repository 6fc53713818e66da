// The same failure exits the same way in every subcommand, near-miss names get a suggestion, and
// messages say the problem once, naming the file asked for and the folder that is missing
// (issue 14 item 12).
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closestName, editDistance } from '../../../src/main/cli/did-you-mean';
import { EXIT, errorMessage, exitCodeOf } from '../../../src/main/cli/exit-codes';
import { UsageError } from '../../../src/main/cli/args';
import { RunStore } from '../../../src/main/services/runs/store';
import { linregDraft, LINREG_PARAMS } from '../runs/helpers';
import { type CliResult, runCliCaptured, useCliDataDir } from '../helpers/cli-io';

const cli = (...argv: string[]): Promise<CliResult> => runCliCaptured(argv);

const at = useCliDataDir('d2l-exit-');

describe('exit codes', () => {
  it('a missing file is 3 in runs import and notes import alike; a missing run or note is 3 too', async () => {
    const runsImport = await cli('runs', 'import', join(at.dir, 'nope.d2lrun'), ...at.dd);
    const notesImport = await cli('notes', 'import', join(at.dir, 'nope.md'), ...at.dd);
    expect([runsImport.code, notesImport.code]).toEqual([EXIT.notFound, EXIT.notFound]);
    expect(runsImport.stderr).toContain(join(at.dir, 'nope.d2lrun'));
    expect(notesImport.stderr).toContain(join(at.dir, 'nope.md'));
    expect((await cli('runs', 'show', '20990101-000000-000000', ...at.dd)).code).toBe(EXIT.notFound);
    expect((await cli('export', '20990101-000000-000000', '--format', 'npz', ...at.dd)).code).toBe(EXIT.notFound);
    expect((await cli('notes', 'show', 'ghost', ...at.dd)).code).toBe(EXIT.notFound);
  });

  it('bad arguments are 2 everywhere; a corrupt bundle is 4', async () => {
    expect((await cli('train', 'linreg-consise', ...at.dd)).code).toBe(EXIT.usage);
    expect((await cli('runs', 'show', '../x', ...at.dd)).code).toBe(EXIT.usage);
    expect((await cli('notes', 'show', '../x', ...at.dd)).code).toBe(EXIT.usage);
    expect((await cli('export', 'x', '--format', 'pickle', ...at.dd)).code).toBe(EXIT.usage);
    const junk = join(at.dir, 'junk.d2lrun');
    writeFileSync(junk, 'not a zip');
    expect((await cli('runs', 'import', junk, ...at.dd)).code).toBe(EXIT.badData);
  });

  it('classifies errors by kind', () => {
    expect(exitCodeOf(new UsageError('x'))).toBe(2);
    expect(exitCodeOf(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe(3);
    expect(exitCodeOf(Object.assign(new Error('x'), { code: 'corrupt' }))).toBe(4);
    expect(exitCodeOf(Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBe(1);
    expect(exitCodeOf('boom')).toBe(1);
  });
});

describe('messages', () => {
  it('suggests the experiment meant, and the command and flag meant', async () => {
    const r = await cli('train', 'linreg-consise', ...at.dd);
    expect(r.stderr).toMatch(/^d2l-workbench train: unknown experiment "linreg-consise"; did you mean linreg-concise\?; known: /);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cli('trian')).stderr).toContain('did you mean train?');
    expect((await cli('train', 'linreg-concise', '--epoch', '1', ...at.dd)).stderr).toContain('did you mean --epochs?');
    expect((await cli('export', 'x', '--format', 'nzp', ...at.dd)).stderr).toContain('did you mean npz?');
    // Nothing close: no guess.
    expect((await cli('train', 'transformer', ...at.dd)).stderr).not.toContain('did you mean');
    expect(closestName('LINREG-CONCISE', ['linreg-concise', 'linreg-scratch'])).toBe('linreg-concise');
    expect(editDistance('linreg-conicse', 'linreg-concise')).toBe(1);
    expect(editDistance('softmax-consice', 'softmax-concise')).toBe(2);
  });

  it('names the file and the missing folder once, without codes twice or temp-file names', async () => {
    const store = new RunStore(join(at.dir, 'data'));
    const id = await store.save(linregDraft(), LINREG_PARAMS);
    const out = join(at.dir, 'no-such-folder', 'x.npz');
    const r = await cli('export', id, '--format', 'npz', '--out', out, ...at.dd);
    expect(r.code).toBe(EXIT.notFound);
    expect(r.stderr).toBe(`d2l-workbench export: cannot write ${out}: the folder ${join(at.dir, 'no-such-folder')} does not exist\n`);
    const bundle = await cli('runs', 'bundle', id, '--out', join(at.dir, 'gone', 'deeper', 'b.d2lrun'), ...at.dd);
    expect(bundle.code).toBe(EXIT.notFound);
    expect(bundle.stderr).toContain(`the folder ${join(at.dir, 'gone')} does not exist`);
    expect(readdirSync(at.dir)).toEqual(['data']);
  });

  it('cleans messages that repeat the code or name a temp file', () => {
    const err = Object.assign(new Error("cannot write /a/x.npz: ENOENT ENOENT: no such file or directory, open '/a/.x.npz.tmp-30958-1957eb'"), { code: 'ENOENT' });
    expect(errorMessage(err)).toBe("cannot write /a/x.npz: no such file or directory, open '/a/x.npz'");
  });
});

// Issue 12 in the page: a run that cannot be loaded is shown with its problem and a Delete button
// (item 4); a note whose maths overflows KaTeX opens with its source shown and keeps Edit and
// Delete (item 6); a link with a malformed escape does nothing harmful (item 7); a note of 70,000
// headings or 75,000 dollar signs opens, its outline bounded (item 6). Files are planted by the
// test in the server's own data folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ownServe, startServe } from './fixtures';
import { appInfoOverSocket, keepScreenshot } from './helpers';
import { mkfifo, releaseFifos } from '../unit/security/hostile-fixtures';

const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');

const server = ownServe();

function runsRegion(page: Page) {
  return page.getByRole('navigation', { name: 'Workbench sections' });
}

test.describe('hostile data folder', () => {
  test('a run that cannot be loaded is listed with its problem, and Delete removes it', async ({ page, problems }, testInfo) => {
    const trained = spawnSync(process.execPath, [CLI, 'train', 'linreg-concise', '--epochs', '1', '--data-dir', server().dataDir], { encoding: 'utf8' });
    expect(trained.status, trained.stderr).toBe(0);
    const runsDir = join(server().dataDir, 'runs');
    const [good] = readdirSync(runsDir);
    // A run as the old import wrote it: 1e999 became null in the data panel, and it no longer loads.
    const broken = '20260101-000000-badbad';
    const json = JSON.parse(readFileSync(join(runsDir, good!, 'run.json'), 'utf8')) as { id: string; params: unknown[]; dataset: { scatter: { x: unknown[] } } };
    json.id = broken;
    json.params = [];
    json.dataset.scatter.x[0] = null;
    mkdirSync(join(runsDir, broken));
    writeFileSync(join(runsDir, broken, 'run.json'), JSON.stringify(json));

    await page.goto(server().url);
    const nav = runsRegion(page);
    const list = nav.getByRole('region', { name: 'Runs that could not be loaded (1)' });
    await list.scrollIntoViewIfNeeded();
    await expect(list).toContainText(broken);
    await expect(list).toContainText('run.json is invalid: dataset.scatter.x.0: Invalid type: Expected number but received null');
    await expect(nav.getByRole('list', { name: 'Runs' }).getByRole('listitem')).toHaveCount(1);
    await keepScreenshot(page, testInfo, 'runs-broken-listed');

    await list.getByRole('button', { name: `Delete ${broken}` }).click();
    await list.getByRole('group', { name: `Delete the folder ${broken} for good?` }).getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(nav.getByRole('region', { name: /Runs that could not be loaded/ })).toHaveCount(0);
    // Delete renames the folder aside before removing it; the list may update before the removal ends.
    await expect.poll(() => readdirSync(runsDir)).toEqual([good]);
    await expect(nav.getByRole('list', { name: 'Runs' }).getByRole('listitem')).toHaveCount(1);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });

  test('a note that overflows KaTeX opens with its source shown, keeps Edit and Delete; a malformed link is harmless', async ({ page, problems }, testInfo) => {
    const notes = join(server().dataDir, 'notes');
    mkdirSync(notes, { recursive: true });
    const bomb = `$${'{'.repeat(5000)}${'}'.repeat(5000)}$`;
    writeFileSync(join(notes, 'katex-bomb.md'), `# KaTeX bomb\n\nBefore ${bomb} after $x^2$.\n\n[bad link](#%E0%A4%A)\n`);
    await page.goto(server().url);
    await page.getByRole('navigation', { name: 'Workbench sections' }).getByRole('button', { name: /KaTeX bomb/ }).click();
    const note = page.getByRole('article', { name: 'KaTeX bomb' });
    await expect(note.getByRole('heading', { name: 'KaTeX bomb', level: 1 })).toBeVisible();
    await expect(note.locator('.nb-math-error')).toHaveText(bomb);
    await expect(note.locator('.katex')).toHaveCount(1);
    await expect(note.getByRole('button', { name: 'Edit' })).toBeVisible();
    await keepScreenshot(page, testInfo, 'notes-katex-bomb');

    await note.getByRole('link', { name: 'bad link' }).click();
    await expect(note.getByRole('heading', { name: 'KaTeX bomb', level: 1 })).toBeVisible();
    expect(problems.pageErrors).toEqual([]);

    await note.getByRole('button', { name: 'Delete' }).click();
    await note.getByRole('alertdialog', { name: 'Delete' }).getByRole('button', { name: 'Delete for good' }).click();
    await expect(page.getByRole('article', { name: 'KaTeX bomb' })).toHaveCount(0);
    expect(readdirSync(notes).filter((n) => n.endsWith('.md'))).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
  });

  test('FIFOs in runs/ and notes/.pins/: the page lists the runs, the note opens, and SIGTERM still stops serve', async ({ page, problems }, testInfo) => {
    const own = await startServe();
    try {
      const fifoRun = '20260101-000000-f1f0f1';
      mkdirSync(join(own.dataDir, 'runs', fifoRun), { recursive: true });
      mkfifo(join(own.dataDir, 'runs', fifoRun, 'run.json'));
      mkdirSync(join(own.dataDir, 'notes', '.pins'), { recursive: true });
      mkfifo(join(own.dataDir, 'notes', '.pins', 'd2l-3-1-linreg.json'));
      // Before the fix, four blocked reads took libuv's whole thread pool: then nothing answered.
      for (let i = 0; i < 6; i++) await appInfoOverSocket(own.origin, own.port, own.token);
      await page.goto(own.url);
      const broken = page.getByRole('navigation', { name: 'Workbench sections' }).getByRole('region', { name: 'Runs that could not be loaded (1)' });
      await broken.scrollIntoViewIfNeeded();
      await expect(broken).toContainText('run.json is a FIFO (named pipe), not a regular file');
      await page.getByRole('navigation', { name: 'Workbench sections' }).getByRole('button', { name: /^3\.1/ }).first().click();
      await expect(page.getByRole('article', { name: '3.1 Linear regression' }).getByRole('heading', { level: 1 })).toBeVisible();
      await keepScreenshot(page, testInfo, 'fifo-data-folder');
      expect(problems.pageErrors).toEqual([]);
    } finally {
      // stop() sends SIGTERM and waits for the process to exit: a hung serve fails the test here.
      await own.stop();
      releaseFifos();
    }
  });

  test('notes of 70,000 headings and 75,000 dollar signs open; the outline is bounded', async ({ page, problems }, testInfo) => {
    test.setTimeout(120_000);
    const notes = join(server().dataDir, 'notes');
    mkdirSync(notes, { recursive: true });
    writeFileSync(join(notes, 'headings.md'), '# h\n'.repeat(70_000));
    writeFileSync(join(notes, 'dollars.md'), `# Dollars\n\n${'$a '.repeat(75_000)}\n`);
    await page.goto(server().url);
    const nav = page.getByRole('navigation', { name: 'Workbench sections' });

    const started = Date.now();
    await nav.getByRole('button', { name: /headings/ }).click();
    const headings = page.getByRole('article', { name: 'h' });
    await expect(headings.getByRole('navigation', { name: 'Outline' }).getByRole('link')).toHaveCount(500, { timeout: 60_000 });
    testInfo.annotations.push({ type: 'figure', description: `70,000 headings: opened with the outline shown in ${Date.now() - started} ms` });

    const dollarsStarted = Date.now();
    await nav.getByRole('button', { name: /Dollars/ }).click();
    const dollars = page.getByRole('article', { name: 'Dollars' });
    await expect(dollars.getByRole('heading', { name: 'Dollars', level: 1 })).toBeVisible({ timeout: 60_000 });
    await expect(dollars.getByText(/^\$a \$a \$a/)).toBeVisible();
    testInfo.annotations.push({ type: 'figure', description: `75,000 "$a ": opened in ${Date.now() - dollarsStarted} ms` });
    await keepScreenshot(page, testInfo, 'notes-75k-dollars');
    expect(problems.pageErrors).toEqual([]);
  });
});

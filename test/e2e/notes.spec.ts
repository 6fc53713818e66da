// Notes in the integrated UI (web mode): built-in notes with code tabs and run cards, pinned
// results, importing the learner's seed notes, editing with autosave, and full-text search.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ownServe } from './fixtures';
import { keepScreenshot, languageButton } from './helpers';

// The learner's original study notes (the project's seed), kept in the repository.
const SEED = resolve(import.meta.dirname, '../unit/notes/fixtures/study-notes-zh.txt');

function notesTree(page: Page, lang: 'en' | 'zh' = 'en') {
  return lang === 'en'
    ? page.getByRole('navigation', { name: 'Workbench sections' }).getByRole('group', { name: 'Notes by chapter' })
    : page.getByRole('navigation', { name: '工作台分区' }).getByRole('group', { name: '按章排列的笔记' });
}

// Its own server: the run cards save runs and the tests create notes, which must not show up in
// the shared server that web-mode.spec expects to be empty.
const server = ownServe();

test.describe('notes', () => {
  test('3.3: switch the code tab, run the card, pin the result into the note', async ({ page, problems }, testInfo) => {
    await page.goto(server().url);
    await notesTree(page).getByRole('button', { name: /Concise linear regression/ }).click();
    const note = page.getByRole('article', { name: '3.3 Concise linear regression' });
    await expect(note.getByRole('heading', { name: '3.3 Concise linear regression', level: 1 })).toBeVisible();

    const tabs = note.getByRole('tablist').first();
    await expect(tabs.getByRole('tab', { name: 'PyTorch' })).toHaveAttribute('aria-selected', 'true');
    await expect(note.getByText('from torch.utils import data')).toBeVisible();
    await tabs.getByRole('tab', { name: 'engine' }).click();
    await expect(tabs.getByRole('tab', { name: 'engine' })).toHaveAttribute('aria-selected', 'true');
    await expect(note.getByText("import { tensor, normal, nn, optim, data, noGrad, Generator } from 'd2l-workbench/engine';")).toBeVisible();
    await expect(note.getByText('from torch.utils import data')).toBeHidden();
    // Every tab set of the note follows the choice.
    await expect(note.getByRole('tab', { name: 'engine', selected: true })).toHaveCount(await note.getByRole('tablist').count());

    const card = note.getByRole('region', { name: 'Run card: 3.3 Concise linear regression' });
    await card.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(card.getByText(/^epoch 3, loss 0\.000\d+$/)).toBeVisible({ timeout: 20_000 });
    await expect(card.getByText(/^e\(w\) \[/)).toBeVisible();
    await expect(card.getByText('Finished')).toBeVisible();

    await card.getByRole('button', { name: 'Pin result to note' }).click();
    const pinned = card.getByRole('table', { name: 'Pinned results' });
    await expect(pinned.getByRole('row')).toHaveCount(2);
    await expect(pinned).toContainText('epochs=3 lr=0.03 batchSize=10 samples=1000 seed=42');
    await expect(pinned.getByRole('cell').nth(2)).toHaveText(/^0\.000\d+$/);
    await keepScreenshot(page, testInfo, 'notes-3.3-en-run-pinned');

    // The pin lives in the notes folder: it is still there after a reload.
    await page.reload();
    await notesTree(page).getByRole('button', { name: /Concise linear regression/ }).click();
    await expect(page.getByRole('article', { name: '3.3 Concise linear regression' }).getByRole('table', { name: 'Pinned results' }).getByRole('row')).toHaveCount(2);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('imports the seed notes: maths, code and outline; edits autosave and survive a reload', async ({ page, problems }, testInfo) => {
    await page.goto(server().url);
    await page.getByLabel('Import a Markdown or text file').setInputFiles(SEED);
    const note = page.getByRole('article', { name: '动手学深度学习 笔记' });
    await expect(note.getByRole('heading', { name: '3.1 线性回归', level: 2 })).toBeVisible();
    await expect(note.locator('.katex-display')).toHaveCount(1);
    await expect(note.getByText('import numpy as np')).toBeVisible();
    await expect(note.getByRole('listitem').filter({ hasText: '聚类(clustering)' })).toBeVisible();

    const outline = note.getByRole('navigation', { name: 'Outline' });
    await expect(outline.getByRole('link')).toHaveText([
      '动手学深度学习 笔记', '0 安装', '1.3 各种机器学习问题', '2.7 查阅文档', '3.1 线性回归', '3.2.7 训练', '3.3 使用PyTorch深度学习的高级框架来简化代码',
    ]);
    // The sections the note picks from all over the book are siblings under its title, not nested under "0 安装".
    expect(await outline.getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('data-level')))).toEqual(['1', '2', '2', '2', '2', '2', '2']);
    await keepScreenshot(page, testInfo, 'notes-seed-imported');

    await note.getByRole('button', { name: 'Edit' }).click();
    const source = note.getByLabel('Note text (Markdown)');
    await expect(source).toHaveValue(/## 3\.1 线性回归/);
    const edited = `${await source.inputValue()}\n## 我的补充\n\n学习率 $\\eta$ 太大时损失会发散。\n`;
    await source.fill(edited);
    const preview = note.getByRole('region', { name: 'Preview' });
    await expect(preview.getByRole('heading', { name: '我的补充' })).toBeVisible();
    await expect(note.getByRole('status')).toHaveText('Saved');
    expect(readFileSync(join(server().dataDir, 'notes', 'study-notes-zh.md'), 'utf8')).toBe(edited);
    await keepScreenshot(page, testInfo, 'notes-editor-split');

    await page.reload();
    await page.getByRole('navigation', { name: 'Workbench sections' }).getByRole('button', { name: /动手学深度学习 笔记/ }).click();
    const reloaded = page.getByRole('article', { name: '动手学深度学习 笔记' });
    await expect(reloaded.getByRole('heading', { name: '我的补充' })).toBeVisible();
    await expect(reloaded.getByText('太大时损失会发散。')).toBeVisible();

    // The same file again: asked whether to replace the note or keep both, never a silent copy.
    const importer = page.getByLabel('Import a Markdown or text file');
    await importer.setInputFiles(SEED);
    const ask = page.getByRole('alertdialog');
    await expect(ask).toContainText('study-notes-zh.txt was imported before as “动手学深度学习 笔记”');
    await keepScreenshot(page, testInfo, 'notes-reimport-ask');
    await ask.getByRole('button', { name: 'Keep both' }).click();
    await expect(page.getByRole('navigation', { name: 'Workbench sections' }).getByText('study-notes-zh-2')).toBeVisible();
    expect(readFileSync(join(server().dataDir, 'notes', 'study-notes-zh.md'), 'utf8')).toBe(edited);
    await importer.setInputFiles(SEED);
    await ask.getByRole('button', { name: 'Replace' }).click();
    await expect(ask).toBeHidden();
    await expect.poll(() => readFileSync(join(server().dataDir, 'notes', 'study-notes-zh.md'), 'utf8')).not.toContain('我的补充');
    await expect(page.getByRole('article', { name: '动手学深度学习 笔记' }).getByRole('heading', { name: '我的补充' })).toBeHidden();

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('search for 梯度下降 finds the 3.1 note and jumps to the match', async ({ page }, testInfo) => {
    await page.goto(server().url);
    await page.getByRole('searchbox', { name: 'Search notes' }).fill('梯度下降');
    const results = page.getByRole('list', { name: 'Search results' });
    const hit = results.getByRole('button', { name: /3\.1 线性回归/ }).first();
    await expect(hit).toContainText('梯度下降');
    await hit.click();
    const note = page.getByRole('article', { name: '3.1 线性回归' });
    const mark = note.locator('mark');
    await expect(mark).toHaveText('梯度下降');
    await expect(mark).toBeInViewport();
    await keepScreenshot(page, testInfo, 'notes-search-jump');
    void server;
  });

  test('built-in notes render in both languages (screenshots)', async ({ page, problems }, testInfo) => {
    await page.goto(server().url);
    await notesTree(page).getByRole('button', { name: /Linear regression$|^3\.1/ }).first().click();
    const en = page.getByRole('article', { name: '3.1 Linear regression' });
    await expect(en.getByRole('img', { name: /Normal distributions/ })).toBeVisible();
    await expect(en.locator('.katex').first()).toBeVisible();
    await keepScreenshot(page, testInfo, 'notes-3.1-en');
    await en.getByRole('img', { name: /Normal distributions/ }).scrollIntoViewIfNeeded();
    await keepScreenshot(page, testInfo, 'notes-3.1-en-chart');

    await languageButton(page, '中文').click();
    const zh = page.getByRole('article', { name: '3.1 线性回归' });
    await expect(zh.getByRole('heading', { name: '小批量随机梯度下降' })).toBeVisible();
    await keepScreenshot(page, testInfo, 'notes-3.1-zh');

    await notesTree(page, 'zh').getByRole('button', { name: /线性回归的简洁实现/ }).click();
    await expect(page.getByRole('article', { name: '3.3 线性回归的简洁实现' }).getByRole('region', { name: /运行卡片/ })).toBeVisible();
    await keepScreenshot(page, testInfo, 'notes-3.3-zh');

    expect(problems.pageErrors).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
    void server;
  });

  test('hostile Markdown stays inert', async ({ page }, testInfo) => {
    await page.goto(server().url);
    await page.evaluate(() => ((window as unknown as { pwned: number }).pwned = 0));
    await page.getByLabel('Import a Markdown or text file').setInputFiles({
      name: 'hostile.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('# Hostile\n\n<img src=x onerror="window.pwned=1">\n\n[click](javascript:window.pwned=2)\n\n<script>window.pwned=3</script>\n\n$\\href{javascript:window.pwned=4}{x}$\n'),
    });
    const note = page.getByRole('article', { name: 'Hostile' });
    await expect(note.getByText('<img src=x onerror="window.pwned=1">')).toBeVisible();
    await expect(note.locator('img, script')).toHaveCount(0);
    await expect(note.getByRole('link', { name: 'click' })).toHaveCount(0);
    await expect(note.getByText('[click](javascript:window.pwned=2)')).toBeVisible();
    expect(await page.evaluate(() => (window as unknown as { pwned: number }).pwned)).toBe(0);
    await keepScreenshot(page, testInfo, 'notes-hostile');
    void server;
  });
});

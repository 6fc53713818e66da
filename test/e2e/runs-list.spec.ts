// The runs list stays readable with many runs (issue 14 item 8): runs saved by the CLI appear
// without a reload, runs group by experiment and fold away, each run shows the hyperparameters
// that set it apart, filters narrow by experiment and status, runs cancelled before their first
// step are hidden until asked for, and exported files are named after the run plus its id.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, ownServe, ROOT } from './fixtures';
import { keepScreenshot, languageButton } from './helpers';

const CLI = join(ROOT, 'out/main/cli.js');
const server = ownServe();

function train(...args: string[]): void {
  const r = spawnSync(process.execPath, [CLI, 'train', ...args, '--data-dir', server().dataDir], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

function runsList(page: Page, name = 'Runs') {
  return page.getByRole('navigation').getByRole('list', { name });
}

/** The sidebar's runs section: the group headings sit in it, above each group's list. */
function runsSection(page: Page, name = 'Runs') {
  return page.getByRole('navigation').getByRole('region', { name, exact: true });
}

test('runs saved by the CLI appear live, grouped, labelled, filtered; exports are named after the run', async ({ page, problems }, testInfo) => {
  await page.goto(server().url);
  const list = runsList(page);
  await expect(page.getByText('No saved runs yet.')).toBeVisible();

  // Saved by another process while the page is open: no reload.
  train('linreg-concise', '--epochs', '1');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  train('linreg-concise', '--epochs', '1', '--lr', '0.1');
  train('linreg-scratch', '--epochs', '1');
  await expect(list.getByRole('listitem')).toHaveCount(3);

  // A run stopped before its first step, written the way the store writes one (folder renamed in).
  const runsDir = join(server().dataDir, 'runs');
  const source = readdirSync(runsDir).find((d) => !d.startsWith('.'))!;
  const record = JSON.parse(readFileSync(join(runsDir, source, 'run.json'), 'utf8')) as Record<string, unknown> & { summary: Record<string, unknown> };
  const unstartedId = '20260101-000000-cafe01';
  Object.assign(record, { id: unstartedId, status: 'cancelled', message: 'stopped', epochs: [], steps: { every: 1, losses: [] }, params: [] });
  Object.assign(record.summary, { finalLoss: null, epochsCompleted: 0, stepsCompleted: 0 });
  mkdirSync(join(runsDir, `.tmp-${unstartedId}`));
  writeFileSync(join(runsDir, `.tmp-${unstartedId}`, 'run.json'), JSON.stringify(record));
  renameSync(join(runsDir, `.tmp-${unstartedId}`), join(runsDir, unstartedId));
  const showUnstarted = page.getByRole('checkbox', { name: 'Show 1 cancelled before they started' });
  await expect(showUnstarted).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(3);

  // Grouped by experiment; within 3.3 the runs differ in lr, and say so.
  const group33 = runsSection(page).getByRole('button', { name: /3\.3 Concise linear regression/ });
  await expect(group33).toHaveAttribute('aria-expanded', 'true');
  await expect(runsSection(page).getByRole('button', { name: /3\.2 Linear regression from scratch/ })).toBeVisible();
  await expect(list.getByRole('listitem').filter({ hasText: 'lr 0.1' })).toHaveCount(1);
  await expect(list.getByRole('listitem').filter({ hasText: 'lr 0.03' })).toHaveCount(1);
  await expect(list.getByRole('checkbox', { name: 'Compare Concise linear regression (lr 0.1)' })).toBeVisible();
  await list.getByRole('listitem').last().scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'runs-list-grouped-en');

  await showUnstarted.check();
  await expect(list.getByRole('listitem')).toHaveCount(4);
  await showUnstarted.uncheck();

  // Fold a group away, then open it again.
  await group33.click();
  await expect(group33).toHaveAttribute('aria-expanded', 'false');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await group33.click();
  await expect(list.getByRole('listitem')).toHaveCount(3);

  // Filters: one experiment; one status.
  const byExperiment = page.getByRole('combobox', { name: 'Filter by experiment' });
  await byExperiment.selectOption({ label: '3.2 Linear regression from scratch (1)' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await byExperiment.selectOption('all');
  const byStatus = page.getByRole('combobox', { name: 'Filter by status' });
  await showUnstarted.check();
  await byStatus.selectOption({ label: 'Cancelled' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await byStatus.selectOption('all');
  await showUnstarted.uncheck();

  // The exported file is named after the run (its experiment, untitled) plus its id.
  await list.getByRole('button', { name: 'lr 0.1' }).click();
  const saved = page.getByRole('article', { name: 'Concise linear regression' }).getByRole('region', { name: 'Concise linear regression' });
  await saved.getByRole('button', { name: 'Export…' }).click();
  const exporter = saved.getByRole('region', { name: 'Export parameters' });
  const downloading = page.waitForEvent('download');
  await exporter.getByRole('button', { name: 'Export file' }).click();
  const fileName = (await downloading).suggestedFilename();
  expect(fileName).toMatch(/^linreg-concise-[a-z0-9-]+\.safetensors$/);
  // The loading snippet names the same file.
  await expect(exporter.getByLabel('Load it in PyTorch')).toContainText(`load_file("${fileName}")`);

  await languageButton(page, '中文').click();
  const zhList = runsList(page, '运行记录');
  await expect(runsSection(page, '运行记录').getByRole('button', { name: /3\.3 线性回归的简洁实现/ })).toBeVisible();
  await expect(page.getByRole('combobox', { name: '按实验筛选' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: '显示 1 个尚未开始就取消的运行' })).toBeVisible();
  await zhList.getByRole('listitem').last().scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'runs-list-grouped-zh');

  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
});

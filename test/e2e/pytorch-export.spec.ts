// Issue 18 in the integrated UI (web mode): a live engine snippet runs from its note, a note shows
// an experiment's whole PyTorch program, a run card draws its live chart, and the export panel
// writes a run as a PyTorch project, listing the folder and the command that runs it.
import { existsSync, readdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { test, expect, ownServe } from './fixtures';
import { keepScreenshot } from './helpers';

function notesTree(page: Page) {
  return page.getByRole('navigation', { name: 'Workbench sections' }).getByRole('group', { name: 'Notes by chapter' });
}

// Its own server: the run card saves a run that the export panel then exports.
const server = ownServe();

test('demo and program fences, the run card chart, and Write PyTorch project', async ({ page, problems }, testInfo) => {
  test.setTimeout(240_000);
  await page.goto(server().url);

  // 4.8: the sigmoid-gradient snippet runs on the engine in the main process.
  await notesTree(page).getByRole('button', { name: /Numerical stability/ }).click();
  let note = page.getByRole('article', { name: '4.8 Numerical stability and initialisation' });
  const demo = note.getByRole('region', { name: 'Live engine snippet 4-8-sigmoid-gradient' });
  await expect(demo.getByText('const x = linspace(-8, 8, 9).requiresGrad_();')).toBeVisible();
  await expect(demo.getByText('demo:start')).toHaveCount(0);
  await demo.getByRole('button', { name: 'Run', exact: true }).click();
  const out = demo.getByRole('status').or(demo.locator('output'));
  await expect(out).toContainText("x =  0   sigmoid'(x) = 2.50e-1");
  await expect(out).toContainText('0.25^10 = 9.54e-7');
  await demo.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'pytorch-export-demo-4.8-en');

  // 3.7: the whole PyTorch program, highlighted, with the book's settings.
  await notesTree(page).getByRole('button', { name: /Concise softmax regression/ }).click();
  note = page.getByRole('article', { name: '3.7 Concise softmax regression' });
  const program = note.getByRole('region', { name: 'PyTorch program: softmax-concise' });
  await expect(program).toContainText('net = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))');
  await expect(program).toContainText('lr = 0.1  # lr');
  await expect(program.locator('.hljs-keyword').first()).toBeVisible();
  await expect(program.getByRole('button', { name: 'Copy the program' })).toBeVisible();
  await program.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'pytorch-export-program-3.7-en');

  // 3.3: the run card's live chart.
  await notesTree(page).getByRole('button', { name: /Concise linear regression/ }).click();
  note = page.getByRole('article', { name: '3.3 Concise linear regression' });
  const card = note.getByRole('region', { name: 'Run card: 3.3 Concise linear regression' });
  await card.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(card.getByText(/^epoch 3, loss 0\.000\d+$/)).toBeVisible({ timeout: 30_000 });
  const chart = card.getByRole('figure', { name: 'Loss and accuracy of this run by epoch' });
  await expect(chart).toHaveAttribute('data-epochs', '3');
  await expect(chart.locator('canvas')).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'pytorch-export-run-card-chart-en');

  // The saved run (opened from the sidebar while the note is shown) → export panel → Write PyTorch project.
  const runsList = page.getByRole('navigation').getByRole('list', { name: 'Runs' });
  await expect(runsList.getByRole('listitem')).toHaveCount(1, { timeout: 20_000 });
  await runsList.getByRole('button', { name: /^Concise linear regression/ }).click();
  const panel = page.getByRole('article', { name: 'Concise linear regression' });
  const saved = panel.getByRole('region', { name: 'Concise linear regression' });
  await saved.getByRole('button', { name: 'Export…' }).click();
  const exportRegion = saved.getByRole('region', { name: 'Export parameters' });
  // The loading snippet is the experiment's own program, with this run's settings.
  await expect(exportRegion.getByLabel('Load it in PyTorch')).toContainText('def make_net():');
  await expect(exportRegion.getByLabel('Load it in PyTorch')).toContainText('net = make_net()');
  await exportRegion.getByRole('button', { name: 'Write PyTorch project' }).click();
  const files = exportRegion.getByRole('list', { name: 'Files in the project folder' });
  await expect(files.getByRole('listitem')).toHaveText([/^run\.py/, /^params\.npz/, /^data\.npz/, /^README\.md/]);
  const command = exportRegion.locator('.copyable code');
  await expect(command).toHaveText(/^cd \S+-pytorch && python3 run\.py$/);
  const dir = /^cd (\S+) && /.exec((await command.textContent())!)![1]!;
  expect(existsSync(dir)).toBe(true);
  expect(readdirSync(dir).sort()).toEqual(['README.md', 'data.npz', 'params.npz', 'run.py']);
  await exportRegion.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'pytorch-export-panel-en');

  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
  expect(await problems.cspViolations()).toEqual([]);
});

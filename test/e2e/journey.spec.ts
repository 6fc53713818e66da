// The learner's full journey (issue 6): train 3.3 with the book's defaults, find the run in the
// list, reload, open it with its charts restored, run again with lr 0.1, compare the two, export
// safetensors, stop a long run, diverge with lr 100, and meet an invalid batch size.
import { readFileSync } from 'node:fs';
import { test, expect, startServe, type Served } from './fixtures';
import { keepScreenshot } from './helpers';
import { field, openExperiment, runStatus, stopButton, trainButton } from './workbench';

// Its own server: the runs list must hold exactly the runs these tests make, and the worker's
// shared server (used by web-mode.spec) stays free of saved runs.
let own: Served;
test.beforeAll(async () => {
  own = await startServe();
});
test.afterAll(async () => {
  await own.stop();
});

test('train, save, reload, open, re-run, compare and export', async ({ page, problems }, testInfo) => {
  test.setTimeout(90_000);
  await page.goto(own.url);
  let panel = await openExperiment(page, 'Concise linear regression');
  await page.keyboard.press('Control+Enter');
  await expect(runStatus(panel)).toHaveText('Completed', { timeout: 20_000 });
  const loss = panel.getByRole('figure', { name: 'Loss curve' });
  const firstLosses = await loss.getAttribute('data-epoch-losses');

  // The run appears in the sidebar list, saved by the server.
  const runsList = page.getByRole('navigation').getByRole('list', { name: 'Runs' });
  await expect(runsList.getByRole('listitem')).toHaveCount(1);
  await expect(runsList.getByRole('listitem').first()).toContainText('Concise linear regression');
  await expect(runsList.getByRole('listitem').first()).toContainText('Completed');

  // Reload: the run is still there; opening it restores its charts exactly.
  await page.reload();
  await expect(runsList.getByRole('listitem')).toHaveCount(1);
  await runsList.getByRole('button', { name: /^Concise linear regression/ }).click();
  panel = page.getByRole('article', { name: 'Concise linear regression' });
  await expect(panel.getByRole('region', { name: 'Concise linear regression' })).toContainText('Saved run');
  await expect(panel.getByRole('figure', { name: 'Loss curve' })).toHaveAttribute('data-epoch-losses', firstLosses!);
  await expect(panel.getByRole('figure', { name: 'Loss curve' })).toHaveAttribute('data-step-points', '300');
  await expect(panel.getByRole('figure', { name: 'Data and fitted line' })).toHaveAttribute('data-points', '1000');
  await expect(panel.getByRole('figure', { name: 'Data and fitted line' })).toHaveAttribute('data-fit-points', '2');
  await expect(panel.getByRole('region', { name: 'Parameters vs truth' }).getByRole('row', { name: /0\.bias/ })).toBeVisible();
  await expect(runStatus(panel)).toHaveText('Completed');
  await keepScreenshot(page, testInfo, 'journey-opened-run-en-light');

  // Rename it, so the two runs can be told apart.
  const bar = panel.getByRole('region', { name: 'Concise linear regression' });
  await bar.getByRole('button', { name: 'Rename' }).click();
  await bar.getByRole('textbox', { name: 'Title' }).fill('book defaults');
  await bar.getByRole('button', { name: 'Save title' }).click();
  await expect(runsList.getByRole('listitem').first()).toContainText('book defaults');

  // Run again with lr 0.1 (the opened run's settings are in the form).
  await expect(field(panel, 'Learning rate')).toHaveValue('0.03');
  await field(panel, 'Learning rate').fill('0.1');
  await trainButton(panel).click();
  // The panel still shows the opened run's "Completed" until the new run starts: the second
  // saved run, not the status word, says the new run is over.
  await expect(runsList.getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });
  await expect(runStatus(panel)).toHaveText('Completed');

  // Compare the two: both curves and the lr difference.
  await runsList.getByRole('checkbox', { name: 'Compare book defaults' }).check();
  await runsList.getByRole('checkbox', { name: /^Compare Concise linear regression/ }).check();
  await page.getByRole('button', { name: 'Compare (2)' }).click();
  const compare = page.getByRole('article', { name: 'Compare 2 runs' });
  const chart = compare.getByRole('figure', { name: 'Loss curves' });
  await expect(chart).toHaveAttribute('data-runs', '2');
  await expect(chart).toHaveAttribute('data-epoch-points', '3,3');
  await expect(chart).toHaveAttribute('data-legend', /book defaults/);
  const diff = compare.getByRole('table', { name: 'Settings that differ' });
  await expect(diff.getByRole('row')).toHaveCount(2);
  await expect(diff.getByRole('row', { name: /Learning rate/ })).toContainText('0.03');
  await expect(diff.getByRole('row', { name: /Learning rate/ })).toContainText('0.1');
  await keepScreenshot(page, testInfo, 'journey-compare-en-light');

  // Export the first run as safetensors: a file arrives.
  await runsList.getByRole('button', { name: /^book defaults/ }).click();
  panel = page.getByRole('article', { name: 'Concise linear regression' });
  const saved = panel.getByRole('region', { name: 'book defaults' });
  await saved.getByRole('button', { name: 'Export…' }).click();
  const exportRegion = saved.getByRole('region', { name: 'Export parameters' });
  await expect(exportRegion.getByRole('combobox', { name: 'Format' })).toHaveValue('safetensors');
  await expect(exportRegion.getByLabel('Load it in PyTorch')).toContainText('load_file(');
  await expect(exportRegion.getByLabel('Load it in PyTorch')).toContainText('nn.Sequential(nn.Linear(2, 1))');
  const downloading = page.waitForEvent('download');
  await exportRegion.getByRole('button', { name: 'Export file' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.safetensors$/);
  const bytes = readFileSync(await download.path());
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { shape: number[] }>;
  expect(header['0.weight']!.shape).toEqual([1, 2]);
  expect(header['0.bias']!.shape).toEqual([1]);
  await keepScreenshot(page, testInfo, 'journey-export-en-light');

  // Delete asks first.
  await saved.getByRole('button', { name: 'Delete' }).click();
  await expect(saved.getByRole('alertdialog')).toContainText('Delete “book defaults”?');
  await saved.getByRole('button', { name: 'Cancel' }).click();
  await expect(runsList.getByRole('listitem')).toHaveCount(2);

  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
  expect(await problems.cspViolations()).toEqual([]);
});

test('Stop mid-run of a long config: status cancelled', async ({ page }, testInfo) => {
  test.setTimeout(80_000);
  await page.goto(own.url);
  const panel = await openExperiment(page, 'Concise linear regression');
  await field(panel, 'Epochs').fill('1000');
  await field(panel, 'Samples').fill('100000');
  await trainButton(panel).click();
  await expect(runStatus(panel)).toHaveText('Running');
  const bar = panel.getByRole('progressbar', { name: 'Training progress' });
  await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await expect(stopButton(panel)).toBeEnabled();
  await page.keyboard.press('Escape');
  await expect(stopButton(panel)).toBeDisabled();
  await keepScreenshot(page, testInfo, 'journey-stopping-en-light');
  // The worker stops within one step and the finished event is sent before the run is saved; the
  // generous timeout is for a heavily loaded test machine, not for the stop itself.
  await expect(runStatus(panel)).toHaveText('Cancelled', { timeout: 50_000 });
  await expect(panel.getByRole('status').filter({ hasText: 'Training stopped.' })).toBeVisible();
  await expect(stopButton(panel)).toBeDisabled();
  await expect(trainButton(panel)).toBeEnabled();
});

test('lr 100 diverges with a message and nothing non-finite on the chart', async ({ page, problems }, testInfo) => {
  await page.goto(own.url);
  const panel = await openExperiment(page, 'Concise linear regression');
  await field(panel, 'Learning rate').fill('100');
  await trainButton(panel).click();
  await expect(runStatus(panel)).toHaveText('Diverged', { timeout: 20_000 });
  const alert = panel.getByRole('alert');
  await expect(alert).toContainText('Training diverged');
  await expect(alert).toContainText(/loss became (Infinity|NaN) at epoch 1, step \d+ \(lr 100\); try a smaller learning rate/);
  const loss = panel.getByRole('figure', { name: 'Loss curve' });
  const losses = (await loss.getAttribute('data-epoch-losses')) ?? '';
  expect(losses).not.toMatch(/NaN|Infinity/);
  await expect(panel).not.toContainText('NaN');
  await keepScreenshot(page, testInfo, 'journey-diverged-en-light');
  expect(problems.pageErrors).toEqual([]);
});

test('an invalid batch size shows the CLI message inline and disables Train', async ({ page }, testInfo) => {
  await page.goto(own.url);
  const panel = await openExperiment(page, 'Concise linear regression');
  await field(panel, 'Batch size').fill('0');
  await expect(panel.getByText('Batch size must be 1 ≤ x ≤ 100000; you typed “0”')).toBeVisible();
  await expect(field(panel, 'Batch size')).toHaveAttribute('aria-invalid', 'true');
  await expect(trainButton(panel)).toBeDisabled();
  // Ctrl+Enter does not start an invalid run either.
  await page.keyboard.press('Control+Enter');
  await expect(runStatus(panel)).toHaveText('Ready');
  // Larger than the data set: the cross-field message. No terminal command for an invalid form.
  await field(panel, 'Batch size').fill('2000');
  await expect(panel.getByText('Batch size may be at most Samples (1000); you typed “2000”')).toBeVisible();
  await expect(panel.getByText('Correct the fields above to see the same run as a terminal command.')).toBeVisible();
  await expect(trainButton(panel)).toBeDisabled();
  await keepScreenshot(page, testInfo, 'journey-invalid-en-light');
  await field(panel, 'Batch size').fill('10');
  await expect(trainButton(panel)).toBeEnabled();
});

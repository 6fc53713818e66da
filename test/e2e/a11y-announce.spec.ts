// What the one polite live region (#live-region) says (issue 21): training progress with loss,
// accuracies and time left, the outcome, and how many notes a search found, once typing stops.
// Every text the region takes is recorded by a MutationObserver in the page.
import type { Page } from '@playwright/test';
import { test, expect, startServe, type Served } from './fixtures';
import { languageButton } from './helpers';
import { field, openExperiment, runStatus, trainButton } from './workbench';

let own: Served;
test.beforeAll(async () => {
  own = await startServe();
});
test.afterAll(async () => {
  await own.stop();
});

/** Starts recording each text the live region takes; returns the growing list. */
async function listen(page: Page): Promise<string[]> {
  const heard: string[] = [];
  await page.exposeFunction('__heard', (text: string) => heard.push(text));
  await page.evaluate(() => {
    const el = document.getElementById('live-region')!;
    new MutationObserver(() => (window as unknown as { __heard(t: string): void }).__heard(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
  });
  return heard;
}

test('a regression run: epoch and loss while training, then the outcome', async ({ page }) => {
  // About 10 s alone; the margins are for a machine loaded by the other test worker and more.
  test.setTimeout(180_000);
  await page.goto(own.url);
  await expect(page.locator('#live-region')).toHaveAttribute('aria-live', 'polite');
  const panel = await openExperiment(page, 'Concise linear regression');
  const heard = await listen(page);
  // Enough epochs and samples that epochs arrive one by one while the run is still running.
  await field(panel, 'Epochs').fill('30');
  await field(panel, 'Samples').fill('50000');
  await trainButton(panel).click();
  await expect(page.locator('#live-region')).toHaveText(/^Training completed\. Final training loss \d/, { timeout: 120_000 });
  expect(heard.some((text) => /^Epoch \d+ of 30: loss \d[\d.e-]*\. About [\d.]+ (ms|s|min \d+ s) left\.$/.test(text)), heard.join(' | ')).toBe(true);
});

test('a classifier run: accuracies and time left while training, test accuracy in the outcome', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto(own.url);
  const panel = await openExperiment(page, 'Concise softmax regression');
  await expect(panel.getByRole('region', { name: 'Dataset' })).toHaveAttribute('data-found', 'true');
  const heard = await listen(page);
  // Two epochs: the first ends while the run is still going, so it is announced as progress.
  await field(panel, 'Epochs').fill('2');
  await trainButton(panel).click();
  await expect(runStatus(panel)).toHaveText('Completed', { timeout: 180_000 });
  await expect(page.locator('#live-region')).toHaveText(/^Training completed\. Final training loss [\d.]+\. Test accuracy \d+\.\d%\.$/);
  // Epoch 1 always (nothing was said before it); epoch 2 too if it came more than the throttle's 5 s later.
  const progress = heard.filter((text) => text.startsWith('Epoch'));
  expect(progress.length, heard.join(' | ')).toBeGreaterThanOrEqual(1);
  expect(progress[0]).toMatch(/^Epoch 1 of 2: loss [\d.]+, train accuracy \d+\.\d%, test accuracy \d+\.\d%\. About [\d.]+ (ms|s|min \d+ s) left\.$/);
  for (const text of progress) expect(text).toMatch(/^Epoch [12] of 2: loss [\d.]+, train accuracy \d+\.\d%, test accuracy \d+\.\d%\./);
});

test('notes search: the result count is said once typing settles, in both languages', async ({ page }) => {
  await page.goto(own.url);
  const heard = await listen(page);
  const search = page.getByRole('searchbox', { name: 'Search notes' });
  // Slower than the search's own debounce, so each prefix is searched, but faster than the
  // announcement settles: only the last count is said.
  await search.pressSequentially('relu', { delay: 400 });
  const results = page.getByRole('list', { name: 'Search results' }).getByRole('listitem');
  // The list keeps the previous prefix's results until the last query's reply lands, so the count
  // is read from the settled announcement and the list must then agree with it.
  const live = page.locator('#live-region');
  await expect(live).toHaveText(/^(1 result|\d+ results) for “relu”$/);
  const said = (await live.textContent())!;
  const n = Number(/^\d+/.exec(said)![0]);
  expect(n).toBeGreaterThan(0);
  await expect(results).toHaveCount(n);
  expect(heard.filter((text) => text.includes('for “'))).toEqual([said]);

  await search.fill('');
  await search.pressSequentially('zzqx');
  await expect(page.locator('#live-region')).toHaveText('No results for “zzqx”');

  await languageButton(page, '中文').click();
  const zhSearch = page.getByRole('searchbox', { name: '搜索笔记' });
  await zhSearch.fill('梯度下降');
  const zhResults = page.getByRole('list', { name: '搜索结果' }).getByRole('listitem');
  await expect(zhResults.first()).toBeVisible();
  await expect(page.locator('#live-region')).toHaveText(`“梯度下降”有 ${await zhResults.count()} 条结果`);
});

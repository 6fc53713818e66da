// Reloading the page while a run trains restores the curve so far (the server keeps it), not only
// what arrives after the reload.
import { test, expect } from './fixtures';
import { field, openExperiment, runStatus, stopButton, trainButton } from './workbench';
import { keepScreenshot, languageButton } from './helpers';

for (const lang of ['en', 'zh'] as const) {
  test(`after a reload mid-run the loss chart still starts at epoch 1 (${lang})`, async ({ page, server, problems }, testInfo) => {
    // ~45 s on our machines beside the other worker's tests (the trainer takes a full core), so the
    // limit leaves room for a slower machine; every wait has its own limit.
    test.setTimeout(150_000);
    await page.goto(server.url);
    if (lang === 'zh') await languageButton(page, '中文').click();
    const title = lang === 'en' ? 'Concise linear regression' : '线性回归的简洁实现';
    const panel = await openExperiment(page, title);
    await field(panel, lang === 'en' ? 'Samples' : '样本数').fill('100000');
    await field(panel, lang === 'en' ? 'Batch size' : '批量大小').fill('1');
    await field(panel, lang === 'en' ? 'Epochs' : '训练轮数').fill('1000');
    await trainButton(panel).click();
    const chart = () => page.getByRole('article', { name: title }).getByRole('figure', { name: lang === 'en' ? 'Loss curve' : '损失曲线' });
    await expect.poll(async () => Number(await chart().getAttribute('data-epoch-points')), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    const firstLoss = (await chart().getAttribute('data-epoch-losses'))!.split(',')[0];

    await page.reload();
    const again = page.getByRole('article', { name: title });
    await expect(runStatus(again)).toHaveText(lang === 'en' ? 'Running' : '训练中', { timeout: 20_000 });
    // Epoch 1's loss, reported long before the reload, is the curve's first point again.
    await expect.poll(async () => (await chart().getAttribute("data-epoch-losses"))?.split(",")[0], { timeout: 20_000 }).toBe(firstLoss);
    expect(Number(await chart().getAttribute('data-step-points'))).toBeGreaterThan(0);
    await keepScreenshot(page, testInfo, `reload-history-${lang}`);
    await stopButton(again).click();
    await expect(trainButton(again)).toBeEnabled({ timeout: 20_000 });
    expect(problems.pageErrors).toEqual([]);
  });
}

// The first start follows the browser's language (the server's locale is English here), and the
// learner's own choice wins from then on.
import { test, expect } from './fixtures';
import { keepScreenshot, languageButton } from './helpers';

test.describe('a Chinese browser', () => {
  test.use({ locale: 'zh-CN' });

  test('starts in Chinese on an English server, then keeps the language the learner picks', async ({ page, server, problems }, testInfo) => {
    await page.goto(server.url);
    const nav = page.getByRole('navigation', { name: '工作台分区' });
    await expect(nav.getByRole('region', { name: '实验' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await keepScreenshot(page, testInfo, 'language-zh-browser-first-start');

    await languageButton(page, 'English').click();
    await page.reload();
    await expect(page.getByRole('navigation', { name: 'Workbench sections' }).getByRole('region', { name: 'Experiments' })).toBeVisible();
    await keepScreenshot(page, testInfo, 'language-zh-browser-chose-english');
    expect(problems.pageErrors).toEqual([]);
  });
});

test.describe('an English browser', () => {
  test.use({ locale: 'en-US' });

  test('starts in English', async ({ page, server }) => {
    await page.goto(server.url);
    await expect(page.getByRole('navigation', { name: 'Workbench sections' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

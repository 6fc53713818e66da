// Accessibility audit (issue 21): axe-core, from npm, finds no violation of moderate or higher impact
// on each screen of the workbench, in both languages and both themes (every experiment panel, before
// and after training, is audited by a11y-panels.spec.ts). Screenshots of every audited screen are
// kept, so contrast can also be judged by eye. Also: keyboard-only journeys where focus never drops.
import type { Locator, Page, TestInfo } from '@playwright/test';
import { test, expect, startServe, type Served } from './fixtures';
import { keepScreenshot } from './helpers';
import { audit } from './axe';
import { MESSAGES } from '../../src/renderer/src/lib/i18n';
import type { Lang } from '../../src/shared/api';

async function expectClean(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await keepScreenshot(page, testInfo, `a11y-${name}`);
  // Soft: one run lists every screen's problems, not just the first screen's.
  expect.soft(await audit(page), `axe on ${name}`).toEqual([]);
}

const panel = (page: Page): Locator => page.locator('main article').first();

for (const lang of ['en', 'zh'] as const satisfies readonly Lang[]) {
  for (const theme of ['light', 'dark'] as const) {
    test(`no moderate+ axe violation: ${lang}, ${theme}`, async ({ page }, testInfo) => {
      // About ten screens, each audited whole; slow on a shared two-core machine.
      test.setTimeout(240_000);
      // Its own server: the runs list holds exactly the two runs this test makes.
      const own: Served = await startServe();
      try {
        await auditEveryScreen(page, testInfo, lang, theme);
      } finally {
        await own.stop();
      }

      async function auditEveryScreen(page: Page, testInfo: TestInfo, lang: Lang, theme: string): Promise<void> {
        const m = MESSAGES[lang];
        const tag = `${lang}-${theme}`;
        await page.addInitScript(
          ([l, th]) => {
            localStorage.setItem('d2l-workbench.lang', l!);
            localStorage.setItem('d2l-workbench.theme', th!);
          },
          [lang, theme],
        );
        await page.goto(own.url);
        const nav = page.getByRole('navigation', { name: m['nav.label'] });
        const experiments = nav.getByRole('region', { name: m['section.experiments'], exact: true });
        await expect(experiments.getByRole('button').first()).toBeVisible();
        await expectClean(page, testInfo, `welcome-${tag}`);

        // Every experiment panel before and after training, in all four combinations, is audited
        // by a11y-panels.spec.ts (one page, switching language and theme in place).

        // 3.3 after a short training, twice (two runs to compare).
        await experiments.getByRole('button', { name: /^3\.3/ }).click();
        const status = panel(page).getByRole('status', { name: m['progress.statusLabel'] });
        const runsList = nav.getByRole('list', { name: m['section.runs'], exact: true });
        // Count 3.3's runs only: visiting 4.1 above may save a run of its own, at its own pace.
        const title33 = (await panel(page).getByRole('heading', { level: 1 }).textContent())!.trim();
        const runs33 = runsList.getByRole('listitem').filter({ hasText: title33 });
        for (let run = 1; run <= 2; run++) {
          await panel(page).getByRole('button', { name: new RegExp(`^${m['train.train']}`) }).click();
          await expect(runs33).toHaveCount(run, { timeout: 30_000 });
          await expect(status).toHaveText(m['status.completed'], { timeout: 30_000 });
        }
        await expectClean(page, testInfo, `panel-3.3-trained-${tag}`);

        // The runs list with two runs, then the two compared.
        await runsList.getByRole('checkbox').nth(0).check();
        await runsList.getByRole('checkbox').nth(1).check();
        await nav.getByRole('button', { name: m['runs.compare'].replace('{n}', '2') }).click();
        await expect(panel(page).getByRole('figure').first()).toBeVisible();
        await expectClean(page, testInfo, `compare-${tag}`);

        // A saved run and its export panel.
        await runsList.getByRole('listitem').first().getByRole('button').first().click();
        await panel(page).getByRole('button', { name: m['saved.export'] }).click();
        await expect(panel(page).getByRole('combobox').first()).toBeVisible();
        await expectClean(page, testInfo, `export-${tag}`);

        // Notes 3.1 and 3.3.
        const tree = nav.getByRole('group', { name: m['tree.label'] });
        for (const section of ['3.1', '3.3']) {
          await tree.getByRole('button', { name: new RegExp(`^${section.replace('.', '\\.')}\\b`) }).first().click();
          await expect(panel(page).getByRole('heading', { level: 1, name: new RegExp(`^${section.replace('.', '\\.')}`) })).toBeVisible();
          await expectClean(page, testInfo, `note-${section}-${tag}`);
        }

        // The editor on a new note.
        await page.getByRole('button', { name: m['new.button'] }).click();
        await page.getByLabel(m['new.title']).fill('a11y');
        await page.getByRole('button', { name: m['new.create'], exact: true }).click();
        // A new note opens in the editor (issue 14, item 11).
        await expect(panel(page).getByRole('textbox').first()).toBeVisible();
        await expectClean(page, testInfo, `editor-${tag}`);
      }
    });
  }
}

/** What has focus, described; fails the test if it is <body> or hidden. */
async function focused(page: Page): Promise<string> {
  const desc = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'BODY';
    const r = el.getBoundingClientRect();
    const visible = r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    return `${visible ? '' : 'HIDDEN '}${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''}: ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 60)}`;
  });
  expect(desc).not.toBe('BODY');
  expect(desc).not.toMatch(/^HIDDEN/);
  return desc;
}

/** Waits for focus to settle somewhere visible (focus moves a frame after the DOM changes). */
async function settledFocus(page: Page): Promise<void> {
  await expect.poll(() => focused(page).catch(() => 'BODY or hidden')).not.toBe('BODY or hidden');
}

test('keyboard only: focus moves on purpose and never drops to <body>', async ({ page, problems }, testInfo) => {
  // Train, stop, open a run, compare, export, write a note, switch language (issue 21, done-when).
  test.setTimeout(180_000);
  const own: Served = await startServe();
  try {
    await page.goto(own.url);
    const m = MESSAGES.en;
    // The skip link is the first Tab stop and lands on the main heading.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toContain(m['app.skipToMain']);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatch(/^h1: Welcome/);

    // A welcome tile: the panel's heading takes focus.
    await page.locator('main').getByRole('button', { name: /Concise linear regression/ }).first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page).catch(() => 'BODY or hidden')).toMatch(/^h1: Concise linear regression/);

    // Train from the button with Enter: Stop (while running), then Train again.
    const train = page.locator('main article').getByRole('button', { name: /^Train/ });
    await train.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('main article').getByRole('status', { name: 'Run status' })).toHaveText('Completed', { timeout: 30_000 });
    await expect.poll(() => focused(page).catch(() => 'BODY or hidden')).toMatch(/^button: Train/);

    // Stop: a long run; Enter on Train hands focus to Stop, Space on Stop hands it back to Train.
    await page.locator('main article').getByRole('textbox', { name: 'Epochs', exact: true }).fill('1000');
    await page.locator('main article').getByRole('textbox', { name: 'Samples', exact: true }).fill('100000');
    await train.focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('main article').getByRole('status', { name: 'Run status' })).toHaveText('Running', { timeout: 30_000 });
    await expect.poll(() => focused(page).catch(() => 'BODY or hidden')).toMatch(/^button: Stop/);
    // Stop only after the first step: a run cancelled before it trained is hidden from the runs
    // list, and on a slow machine "Running" shows while the worker still makes the 100000 samples.
    const progress = page.locator('main article').getByRole('progressbar', { name: 'Training progress' });
    await expect.poll(async () => Number(await progress.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.keyboard.press('Space');
    await expect(page.locator('main article').getByRole('status', { name: 'Run status' })).toHaveText('Cancelled', { timeout: 50_000 });
    await expect.poll(() => focused(page).catch(() => 'BODY or hidden')).toMatch(/^button: Train/);

    // Open the saved run from the runs list, Close returns to its button.
    const runsList = page.getByRole('list', { name: 'Runs', exact: true });
    await expect(runsList.getByRole('listitem')).toHaveCount(2);
    // Two runs of one experiment: each is named by the settings that tell it apart.
    const runButton = runsList.getByRole('button', { name: /^epochs 3 · samples 1000 / });
    await runButton.focus();
    await page.keyboard.press('Enter');
    const bar = page.locator('main article').getByRole('region', { name: 'Concise linear regression' });
    await bar.getByRole('button', { name: m['saved.close'] }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page).catch(() => 'BODY or hidden')).toMatch(/^button: epochs 3 · samples 1000 /);

    // Delete asks in an alert dialog that takes focus; Esc closes it without deleting.
    await page.keyboard.press('Enter');
    await bar.getByRole('button', { name: m['saved.delete'] }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page).catch(() => 'BODY or hidden')).toMatch(/^div\[role=alertdialog\]/);
    await keepScreenshot(page, testInfo, 'a11y-keyboard-delete-confirm-en');
    await page.keyboard.press('Escape');
    await expect(bar.getByRole('alertdialog')).toHaveCount(0);
    await settledFocus(page);

    // Rename: Esc closes the form.
    await bar.getByRole('button', { name: 'Rename' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page).catch(() => 'BODY or hidden')).toMatch(/^input/);
    await page.keyboard.press('Escape');
    await expect(bar.getByRole('textbox', { name: 'Title' })).toHaveCount(0);
    await settledFocus(page);

    // Compare: tick both runs from the keyboard (Left to a run's box, Down to the next run's), Enter on Compare.
    await runsList.getByRole('button', { name: /^epochs 1000 · samples 100000 / }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Space');
    await settledFocus(page);
    await page.getByRole('button', { name: 'Compare (2)' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('article', { name: 'Compare 2 runs' })).toBeVisible();
    await settledFocus(page);

    // Export: open a run, Export… opens the export panel, Export file downloads.
    await runButton.focus();
    await page.keyboard.press('Enter');
    await bar.getByRole('button', { name: m['saved.export'] }).focus();
    await page.keyboard.press('Enter');
    await settledFocus(page);
    await bar.getByRole('button', { name: m['export.save'] }).focus();
    const downloading = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    await downloading;
    await settledFocus(page);

    // New note: its title field takes focus; Create opens the note with focus on its heading.
    await page.getByRole('button', { name: m['new.button'] }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page).catch(() => 'BODY or hidden')).toMatch(/^input: Title of the new note/);
    await page.keyboard.type('keyboard note');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('article', { name: 'keyboard note' })).toBeVisible();
    await settledFocus(page);
    // Write in it: the editor's text area.
    await page.getByRole('article', { name: 'keyboard note' }).locator('textarea').first().focus();
    await page.keyboard.type('Written from the keyboard.');
    expect(await focused(page)).toMatch(/^textarea/);

    // Switch language with the status bar's switch: focus stays on it.
    await page.getByRole('group', { name: 'Language · 语言' }).getByRole('button', { name: '中文', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    expect(await focused(page)).toMatch(/^button: 中文/);
    expect(problems.pageErrors).toEqual([]);
  } finally {
    await own.stop();
  }
});

test('saved runs: one Tab stop each; the arrow keys reach Compare and Pin and move between runs', async ({ page, problems }, testInfo) => {
  test.setTimeout(90_000);
  const own: Served = await startServe();
  try {
    await page.goto(own.url);
    const main = page.locator('main article');
    await page.locator('main').getByRole('button', { name: /Concise linear regression/ }).first().click();
    const runsList = page.getByRole('navigation').getByRole('list', { name: 'Runs', exact: true });
    for (let run = 1; run <= 2; run++) {
      await main.getByRole('button', { name: /^Train/ }).click();
      await expect(runsList.getByRole('listitem')).toHaveCount(run, { timeout: 30_000 });
      await expect(main.getByRole('status', { name: 'Run status' })).toHaveText('Completed', { timeout: 30_000 });
    }
    const [first, second] = [runsList.getByRole('listitem').nth(0), runsList.getByRole('listitem').nth(1)];
    // Tab from the group's heading: each run is one stop (its Open button), then out of the list.
    await page.getByRole('navigation').getByRole('button', { name: /^3\.3 Concise linear regression/, expanded: true }).focus();
    await page.keyboard.press('Tab');
    await expect(first.getByRole('button', { name: /^Concise linear regression/ })).toBeFocused();
    await expect(first.getByRole('button', { name: /^Concise linear regression/ })).toHaveAccessibleDescription(/Left and right arrow keys/);
    await page.keyboard.press('Tab');
    await expect(second.getByRole('button', { name: /^Concise linear regression/ })).toBeFocused();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('li[data-run]') === null && document.activeElement !== document.body)).toBe(true);

    // Back to the second run; Left reaches its Compare box (Space ticks it), Right twice its Pin.
    await page.keyboard.press('Shift+Tab');
    await expect(second.getByRole('button', { name: /^Concise linear regression/ })).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(second.getByRole('checkbox')).toBeFocused();
    await page.keyboard.press('Space');
    await expect(second.getByRole('checkbox')).toBeChecked();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const pin = second.getByRole('button', { name: /^Pin / });
    await expect(pin).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(runsList.getByRole('button', { name: /^Pin /, pressed: true })).toHaveCount(1);
    await expect(runsList.getByRole('button', { name: /^Pin /, pressed: true })).toBeFocused();
    await keepScreenshot(page, testInfo, 'a11y-runs-roving-pin-en');
    // Up and Down keep the column: from this run's Pin to the other run's Pin, then its Compare box.
    const pinnedFirst = runsList.getByRole('listitem').nth(0);
    await expect(pinnedFirst.getByRole('button', { name: /^Pin /, pressed: true })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(runsList.getByRole('listitem').nth(1).getByRole('button', { name: /^Pin / })).toBeFocused();
    await page.keyboard.press('Home');
    await expect(runsList.getByRole('listitem').nth(1).getByRole('checkbox')).toBeFocused();
    await page.keyboard.press('Space');
    // Both ticked from the keyboard: Compare opens with Enter.
    await expect(page.getByRole('button', { name: 'Compare (2)' })).toBeEnabled();
    // Still one Tab stop per run, wherever each row's stop now is.
    const stops = await runsList.getByRole('listitem').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[tabindex="0"], button:not([tabindex]), input:not([tabindex])').length));
    expect(stops).toEqual([1, 1]);
    await page.getByRole('button', { name: 'Compare (2)' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('article', { name: 'Compare 2 runs' })).toBeVisible();
    expect(problems.pageErrors).toEqual([]);
  } finally {
    await own.stop();
  }
});

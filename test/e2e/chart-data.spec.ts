// Charts as data (issue 21 item 4): every chart speaks a summary, shows its numbers as a table,
// hides series and zooms from the keyboard, and downloads what it shows as CSV. Values are checked
// against the numbers the run reports on the figures' data attributes; the canvas is compared
// only to prove a key press redrew it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Locator, Page } from '@playwright/test';
import { test, expect, ownServe } from './fixtures';
import { languageButton } from './helpers';
import { field, openExperiment, runStatus, trainButton, trainUntilDone } from './workbench';

const SHOTS = process.env.CHART_DATA_SHOTS; // a folder to keep screenshots in while developing

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's moderate-or-worse violations on the page as it is (tables open), one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Result = { violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> };
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<Result> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'moderate' || v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}`));
  });
}

async function canvasOf(figure: Locator): Promise<Buffer> {
  return figure.locator('canvas').first().screenshot();
}

/** Reads a downloaded CSV: header and rows, the BOM dropped. */
async function downloadCsv(page: Page, button: Locator): Promise<{ name: string; lines: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.press('Enter')]);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return { name: download.suggestedFilename(), lines: text.slice(1).trimEnd().split('\r\n').map((l) => l.split(',')) };
}

test.describe('charts as data', () => {
  const own = ownServe();

  test('loss chart: summary, data table, keyboard series toggle and zoom, CSV; then Compare', async ({ page, problems }) => {
    test.setTimeout(120_000);
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Concise linear regression');
    await trainUntilDone(panel, 30_000);

    const loss = panel.getByRole('figure', { name: 'Loss curve' });
    await expect(loss).toHaveAttribute('data-epoch-points', '3');
    const losses = (await loss.getAttribute('data-epoch-losses'))!.split(',').map(Number);
    const lastLoss = String(Number(losses[2]!.toPrecision(4)));

    // The summary is the figure's description, with the last epoch's loss.
    await expect(loss).toHaveAccessibleDescription(new RegExp(`Train loss \\(epoch\\) ${lastLoss.replace('.', '\\.')} at epoch 3`));

    // Open the table with the keyboard; it holds every step (300) with the epoch losses at epochs 1–3.
    const controls = loss.getByRole('group', { name: 'Chart controls: Loss curve' });
    const tableToggle = controls.getByRole('button', { name: 'Data table' });
    await tableToggle.focus();
    await page.keyboard.press('Enter');
    await expect(tableToggle).toHaveAttribute('aria-expanded', 'true');
    const table = loss.getByRole('table', { name: 'Loss curve: the plotted data' });
    await expect(table).toHaveAttribute('data-rows', '300');
    const headers = await table.getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['epoch', 'step', 'Batch loss', 'Batch loss (smoothed)', 'Train loss (epoch)']);
    await expect(loss.getByText('Rows 1–100 of 300.')).toBeVisible();
    await loss.getByRole('button', { name: 'Next rows' }).press('Enter');
    await loss.getByRole('button', { name: 'Next rows' }).press('Enter');
    await expect(loss.getByText('Rows 201–300 of 300.')).toBeVisible();
    const epoch3 = table.getByRole('row', { name: /^3 300 / });
    await expect(epoch3.getByRole('cell').last()).toHaveText(String(Number(losses[2]!.toPrecision(6))));
    await shot(page, 'loss-table-en-light');

    // Hide the raw batch loss with the keyboard only: the button says so, the canvas is redrawn, the table drops the column.
    const batch = controls.getByRole('button', { name: 'Show Batch loss', exact: true });
    await expect(batch).toHaveAttribute('aria-pressed', 'true');
    const before = await canvasOf(loss);
    await batch.focus();
    await page.keyboard.press('Space');
    await expect(batch).toHaveAttribute('aria-pressed', 'false');
    await expect(batch).toBeFocused();
    await expect.poll(async () => (await canvasOf(loss)).equals(before)).toBe(false);
    await expect(table.getByRole('columnheader')).toHaveText(['epoch', 'step', 'Batch loss (smoothed)', 'Train loss (epoch)']);

    // Zoom in, then with the + key, move right with →, and reset with 0.
    const zoom = controls.getByRole('group', { name: 'Zoom' });
    const windowText = zoom.locator('output');
    const unzoomed = await canvasOf(loss);
    await zoom.getByRole('button', { name: 'Zoom in' }).focus();
    await page.keyboard.press('Enter');
    await expect(windowText).toHaveText('x axis 25–75 %');
    await page.keyboard.press('+');
    await expect(windowText).toHaveText('x axis 38–63 %');
    await expect.poll(async () => (await canvasOf(loss)).equals(unzoomed)).toBe(false);
    await page.keyboard.press('ArrowRight');
    await expect(windowText).toHaveText('x axis 44–69 %');
    await shot(page, 'loss-zoomed-en-light');
    expect(await axeViolations(page), 'axe with the loss table open, a series hidden, zoomed').toEqual([]);
    await page.keyboard.press('0');
    await expect(windowText).toHaveText('x axis 0–100 %');
    await expect(zoom.getByRole('button', { name: 'Zoom in' })).toBeFocused();

    // The CSV: what the chart shows (the hidden series left out), every step at full precision.
    const csv = await downloadCsv(page, controls.getByRole('button', { name: 'Download CSV' }));
    expect(csv.name).toBe('loss-curve.csv');
    expect(csv.lines[0]).toEqual(['epoch', 'step', 'Batch loss (smoothed)', 'Train loss (epoch)']);
    expect(csv.lines).toHaveLength(301);
    for (let e = 1; e <= 3; e++) {
      const row = csv.lines.find((r) => r[0] === String(e))!;
      expect(row[1]).toBe(String(e * 100));
      expect(Number(row[3])).toBe(losses[e - 1]);
    }
    expect(csv.lines[1]![0]).toBe('0.01');
    expect(csv.lines[1]![3]).toBe('');

    // The scatter plot: 1000 points plus the two lines' points, a page at a time.
    const scatter = panel.getByRole('figure', { name: 'Data and fitted line' });
    await expect(scatter).toHaveAccessibleDescription(/1000 points/);
    await scatter.getByRole('button', { name: 'Data table' }).press('Enter');
    const points = scatter.getByRole('table', { name: 'Data and fitted line: the plotted data' });
    const fitPoints = Number(await scatter.getAttribute('data-fit-points'));
    const truthRows = Number(await points.getAttribute('data-rows')) - 1000 - fitPoints;
    expect(truthRows).toBeGreaterThanOrEqual(0);
    await expect(points.getByRole('columnheader')).toHaveCount(3);
    await expect(scatter.getByText(/^Rows 1–100 of \d+\.$/)).toBeVisible();
    // The scatter has no dataZoom of its own: the figure adds one that only the keys drive.
    const flat = await canvasOf(scatter);
    await scatter.getByRole('button', { name: 'Zoom in' }).press('Enter');
    await expect(scatter.getByRole('group', { name: 'Zoom' }).locator('output')).toHaveText('x axis 25–75 %');
    await expect.poll(async () => (await canvasOf(scatter)).equals(flat)).toBe(false);
    await scatter.getByRole('button', { name: 'Reset zoom' }).press('Enter');

    // Dark theme and Chinese: the same controls, translated.
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await loss.scrollIntoViewIfNeeded();
    await shot(page, 'panel-tables-en-dark');
    await languageButton(page, '中文').click();
    const zhPanel = page.getByRole('article').first();
    const zhLoss = zhPanel.getByRole('figure', { name: '损失曲线' });
    await expect(zhLoss.getByRole('group', { name: '图表控制：损失曲线' }).getByRole('button', { name: '下载 CSV' })).toBeVisible();
    await expect(zhLoss.getByRole('table')).toHaveAttribute('data-rows', '300');
    await shot(page, 'panel-tables-zh-dark');
    expect(await axeViolations(page), 'axe, zh dark, two tables open').toEqual([]);
    await page.getByRole('button', { name: '深色主题' }).click();
    await shot(page, 'panel-tables-zh-light');
    await languageButton(page, 'English').click();

    // A second run, then Compare: the runs' curves as a table, a run hidden from the keyboard.
    await field(panel, 'Learning rate').fill('0.1');
    await trainButton(panel).click();
    // The previous run's "Completed" shows until this one starts: the second saved run says it is over.
    const runsList = page.getByRole('navigation').getByRole('list', { name: 'Runs' });
    await expect(runsList.getByRole('listitem')).toHaveCount(2, { timeout: 30_000 });
    await expect(runStatus(panel)).toHaveText('Completed');
    for (const box of await runsList.getByRole('checkbox').all()) await box.check();
    await page.getByRole('button', { name: 'Compare (2)' }).click();
    const compare = page.getByRole('article', { name: 'Compare 2 runs' });
    const chart = compare.getByRole('figure', { name: 'Loss curves' });
    await expect(chart).toHaveAttribute('data-epoch-points', '3,3');
    const legend = (await chart.getAttribute('data-legend'))!.split('|');
    await expect(chart).toHaveAccessibleDescription(new RegExp(`Loss curves: 2 series, epoch .* Latest: ${legend[0]!.replace(/[().]/g, '\\$&')} `));
    await chart.getByRole('button', { name: 'Data table' }).press('Enter');
    const compared = chart.getByRole('table', { name: 'Loss curves: the plotted data' });
    await expect(compared.getByRole('columnheader')).toHaveText([
      'epoch',
      `${legend[0]}: smoothed batch loss`, `${legend[0]}: epoch loss`,
      `${legend[1]}: smoothed batch loss`, `${legend[1]}: epoch loss`,
    ]);
    await shot(page, 'compare-table-en-light');
    expect(await axeViolations(page), 'axe on Compare with its table open').toEqual([]);
    const first = chart.getByRole('button', { name: `Show ${legend[0]}`, exact: true });
    await first.focus();
    await page.keyboard.press('Enter');
    await expect(first).toHaveAttribute('aria-pressed', 'false');
    await expect(compared.getByRole('columnheader')).toHaveCount(3);
    const compareCsv = await downloadCsv(page, chart.getByRole('button', { name: 'Download CSV' }));
    expect(compareCsv.lines[0]).toEqual(['epoch', `${legend[1]}: smoothed batch loss`, `${legend[1]}: epoch loss`]);
    const lastEpoch = compareCsv.lines.find((r) => r[0] === '3')!;
    expect(Number(lastEpoch[2])).toBeGreaterThan(0);

    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });

  test('a chart that goes back to its placeholder hands focus to its own heading, not <body>', async ({ page, problems }) => {
    test.setTimeout(120_000);
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Concise softmax regression');
    await field(panel, 'Epochs').fill('1');
    await trainUntilDone(panel, 60_000);
    // The next run is longer, so its placeholder stays up a while.
    await field(panel, 'Epochs').fill('2');
    const figure = panel.getByRole('figure', { name: 'Confusion matrix (test set)' });
    const tableToggle = figure.getByRole('button', { name: 'Data table' });
    await tableToggle.focus();
    // Every focus change is recorded: a moment on <body> would be missed by polling.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __focusSeen: string[] }).__focusSeen = seen;
      const record = (): void => {
        const el = document.activeElement;
        seen.push(!el || el === document.body ? 'BODY' : `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').trim().slice(0, 40)}`);
      };
      document.addEventListener('focusin', record);
      document.addEventListener('focusout', () => requestAnimationFrame(record));
    });
    // Train again from the keyboard: the matrix goes back to its placeholder and its buttons go away.
    await page.keyboard.press('Control+Enter');
    await expect(figure.getByText('After training, the test set’s confusion matrix appears here.')).toBeVisible();
    await expect(figure.getByRole('heading', { name: 'Confusion matrix (test set)' })).toBeFocused();
    await expect(runStatus(panel)).toHaveText('Completed', { timeout: 60_000 });
    // Still there once the run has ended and the matrix is drawn again; it never fell to <body>.
    await expect(figure.getByRole('heading', { name: 'Confusion matrix (test set)' })).toBeFocused();
    expect(await page.evaluate(() => (window as unknown as { __focusSeen: string[] }).__focusSeen)).not.toContain('BODY');
    expect(problems.pageErrors).toEqual([]);
  });

  test('confusion matrix: the full 10 × 10 table with class headers, and its CSV', async ({ page, problems }) => {
    test.setTimeout(120_000);
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Concise softmax regression');
    await field(panel, 'Epochs').fill('1');
    await trainUntilDone(panel, 60_000);
    const figure = panel.getByRole('figure', { name: 'Confusion matrix (test set)' });
    const total = await figure.getAttribute('data-total');
    const correct = await figure.getAttribute('data-correct');
    await expect(figure).toHaveAccessibleDescription(new RegExp(`10 × 10 .* ${correct} of ${total} correct`));
    // A heatmap of categories: no series to hide, nothing to zoom.
    await expect(figure.getByRole('group', { name: 'Zoom' })).toHaveCount(0);
    await figure.getByRole('button', { name: 'Data table' }).press('Enter');
    const table = figure.getByRole('table', { name: 'Confusion matrix (test set): the plotted data' });
    await expect(table.getByRole('columnheader')).toHaveCount(11);
    await expect(table.getByRole('rowheader')).toHaveCount(10);
    await expect(table.getByRole('rowheader').first()).toHaveText('t-shirt');
    const rows = await table.locator('tbody tr').all();
    let sum = 0;
    let diagonal = 0;
    for (const [i, row] of rows.entries()) {
      const counts = (await row.getByRole('cell').allTextContents()).map(Number);
      expect(counts).toHaveLength(10);
      sum += counts.reduce((a, b) => a + b, 0);
      diagonal += counts[i]!;
    }
    expect(String(sum)).toBe(total);
    expect(String(diagonal)).toBe(correct);
    await shot(page, 'confusion-table-en-light');
    expect(await axeViolations(page), 'axe with the confusion table open').toEqual([]);
    const csv = await downloadCsv(page, figure.getByRole('button', { name: 'Download CSV' }));
    expect(csv.lines).toHaveLength(11);
    expect(csv.lines[0]![0]).toBe('true \\ predicted');
    expect(csv.lines[0]).toHaveLength(11);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });

  test('charts inside notes: 3.1’s normal densities and 3.3’s run card', async ({ page, problems }) => {
    test.setTimeout(90_000);
    await page.goto(own().url);
    const tree = page.getByRole('navigation', { name: 'Workbench sections' }).getByRole('group', { name: 'Notes by chapter' });
    await tree.getByRole('button', { name: /Linear regression$|^3\.1/ }).first().click();
    const note31 = page.getByRole('article', { name: '3.1 Linear regression' });
    const normal = note31.getByRole('figure', { name: /^Normal distributions/ });
    await expect(normal.getByRole('img', { name: /Normal distributions/ })).toBeVisible();
    await expect(normal).toHaveAccessibleDescription(/3 series, x -7 to 7\. Latest: mean 0, std 1 /);
    await normal.getByRole('button', { name: 'Data table' }).press('Enter');
    await expect(normal.getByRole('table')).toHaveAttribute('data-rows', '281');
    await expect(normal.getByRole('table').getByRole('columnheader')).toHaveText(['x', 'mean 0, std 1', 'mean 0, std 2', 'mean 3, std 1']);
    const csv = await downloadCsv(page, normal.getByRole('button', { name: 'Download CSV' }));
    expect(csv.lines).toHaveLength(282);
    // Series names with commas are quoted.
    expect(csv.lines[0]!.join(',')).toBe('x,"mean 0, std 1","mean 0, std 2","mean 3, std 1"');
    await normal.scrollIntoViewIfNeeded();
    await shot(page, 'note-3.1-normal-table-en-light');

    await tree.getByRole('button', { name: /Concise linear regression/ }).click();
    const note33 = page.getByRole('article', { name: /^3\.3/ });
    const card = note33.getByRole('region', { name: 'Run card: 3.3 Concise linear regression' });
    await card.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(card.getByText('Finished')).toBeVisible({ timeout: 30_000 });
    const chart = card.getByRole('figure', { name: 'Loss and accuracy of this run by epoch' });
    await expect(chart).toHaveAttribute('data-epochs', '3');
    const lastLoss = Number(await chart.getAttribute('data-last-loss'));
    await expect(chart).toHaveAccessibleDescription(new RegExp(`Latest: loss ${String(Number(lastLoss.toPrecision(4))).replace('.', '\\.')} at epoch 3`));
    const hide = chart.getByRole('button', { name: 'Show loss', exact: true });
    await hide.focus();
    await page.keyboard.press('Space');
    await expect(hide).toHaveAttribute('aria-pressed', 'false');
    await hide.press('Space');
    await chart.getByRole('button', { name: 'Data table' }).press('Enter');
    const rows = chart.getByRole('table').locator('tbody tr');
    await expect(rows).toHaveCount(3);
    await expect(rows.last().getByRole('cell').first()).toHaveText(String(Number(lastLoss.toPrecision(6))));
    await chart.scrollIntoViewIfNeeded();
    await shot(page, 'note-3.3-run-card-table-en-light');
    expect(await axeViolations(page), 'axe on a note with a run card table open').toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });

  test('4.1’s three panels zoom together and tabulate every function and gradient; 4.5’s ‖w‖ per epoch', async ({ page, problems }) => {
    test.setTimeout(90_000);
    await page.goto(own().url);
    let panel = await openExperiment(page, 'Activation functions: ReLU, sigmoid, tanh');
    const plot = panel.getByRole('figure', { name: 'Activation functions and their gradients' });
    await expect(plot).toHaveAttribute('data-points', '161');
    await expect(plot).toHaveAccessibleDescription(/6 series, x -8 to 8\. Latest: relu\(x\) 8 at x 8/);
    // Three grids: the added dataZoom drives every x axis.
    const flat = await canvasOf(plot);
    await plot.getByRole('button', { name: 'Zoom in' }).press('Enter');
    await expect.poll(async () => (await canvasOf(plot)).equals(flat)).toBe(false);
    await plot.getByRole('button', { name: 'Data table' }).press('Enter');
    const table = plot.getByRole('table');
    await expect(table).toHaveAttribute('data-rows', '161');
    await expect(table.getByRole('columnheader')).toHaveText(['x', 'relu(x)', 'sigmoid(x)', 'tanh(x)', 'grad of relu', 'grad of sigmoid', 'grad of tanh']);
    await expect(table.getByRole('row', { name: /^0 / }).getByRole('cell')).toHaveText(['0', '0.5', '0', '0', '0.25', '1']);

    panel = await openExperiment(page, 'Weight decay');
    await field(panel, 'Epochs').fill('5');
    await trainUntilDone(panel, 30_000);
    const norm = panel.getByRole('figure', { name: 'Weight norm ‖w‖' });
    const last = Number(await norm.getAttribute('data-last-norm'));
    await expect(norm).toHaveAccessibleDescription(new RegExp(`Latest: ‖w‖ ${String(Number(last.toPrecision(4))).replace('.', '\\.')} at epoch 5`));
    const csv = await downloadCsv(page, norm.getByRole('button', { name: 'Download CSV' }));
    expect(csv.name).toBe('weight-norm-w.csv');
    expect(csv.lines.map((r) => r[0])).toEqual(['epoch', '1', '2', '3', '4', '5']);
    expect(Number(csv.lines[5]![1])).toBe(last);
    expect(problems.pageErrors).toEqual([]);
  });
});

// The learner's journey through the experiment panel in web mode: train the book's 3.3 program,
// watch the data, loss and parameters, stop a long run, see a divergence, and meet the form's
// validation. Chart contents are read from the figures' data attributes, never from pixels.
import { test, expect, ownServe } from './fixtures';
import { keepScreenshot } from './helpers';
import { field, openExperiment, runStatus, stopButton, trainButton, trainUntilDone } from './workbench';

test.describe('experiment panel', () => {
  // Its own server, so the worker's shared one stays free of saved runs.
  const own = ownServe();

  test('linreg-concise with the book defaults: 1000 points, 3 epoch losses below 2e-4, w and b near the truth', async ({ page, problems }, testInfo) => {
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Concise linear regression');
    await expect(field(panel, 'Epochs')).toHaveValue('3');
    await expect(field(panel, 'Learning rate')).toHaveValue('0.03');
    await expect(field(panel, 'Batch size')).toHaveValue('10');
    await expect(field(panel, 'Seed')).toHaveValue('42');
    await expect(runStatus(panel)).toHaveText('Ready');
    await keepScreenshot(page, testInfo, 'panel-linreg-ready-en-light');

    await trainUntilDone(panel, 20_000);

    const scatter = panel.getByRole('figure', { name: 'Data and fitted line' });
    await expect(scatter).toHaveAttribute('data-points', '1000');
    await expect(scatter).toHaveAttribute('data-fit-points', '2');
    const loss = panel.getByRole('figure', { name: 'Loss curve' });
    await expect(loss).toHaveAttribute('data-epoch-points', '3');
    const losses = (await loss.getAttribute('data-epoch-losses'))!.split(',').map(Number);
    expect(losses).toHaveLength(3);
    expect(losses[0]!).toBeGreaterThan(losses[2]!);
    expect(losses[2]!).toBeLessThan(2e-4);
    await expect(loss).toHaveAttribute('data-step-points', '300');

    const readout = panel.getByRole('region', { name: 'Parameters vs truth' });
    for (const name of ['0.weight[0]', '0.weight[1]', '0.bias']) {
      const row = readout.getByRole('row', { name: new RegExp(name.replace(/[.[\]]/g, '\\$&')) });
      const error = Number(await row.getAttribute('data-error'));
      expect(Math.abs(error), name).toBeLessThan(0.01);
    }
    // The slope of the drawn model line is the learned w₂ ≈ −3.4.
    expect(Math.abs(Number(await scatter.getAttribute('data-fit-slope')) + 3.4)).toBeLessThan(0.01);
    await expect(panel.getByRole('progressbar', { name: 'Training progress' })).toHaveAttribute('aria-valuenow', '300');
    await keepScreenshot(page, testInfo, 'panel-linreg-trained-en-light');

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await keepScreenshot(page, testInfo, 'panel-linreg-trained-en-dark');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('watch it learn: 3.3 moves step by step for seconds, then ends exactly where the quick run did', async ({ page, problems }, testInfo) => {
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Concise linear regression');
    const loss = panel.getByRole('figure', { name: 'Loss curve' });
    const progress = panel.getByRole('progressbar', { name: 'Training progress' });
    await trainUntilDone(panel, 20_000);
    const quick = await loss.getAttribute('data-epoch-losses');

    const watch = panel.getByRole('checkbox', { name: 'Watch it learn' });
    await watch.check();
    await trainButton(panel).click();
    // Partway: the progress bar shows a run in motion (a quick run jumps from 0 to 300 between two looks).
    await expect
      .poll(async () => {
        const n = Number(await progress.getAttribute('aria-valuenow'));
        return n > 0 && n < 300 ? 'partway' : n;
      }, { timeout: 20_000 })
      .toBe('partway');
    await keepScreenshot(page, testInfo, 'panel-linreg-watching-en-light');
    await expect(runStatus(panel)).toHaveText('Completed', { timeout: 40_000 });
    await expect(loss).toHaveAttribute('data-epoch-losses', quick!);
    await expect(progress).toHaveAttribute('aria-valuenow', '300');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
  });
});

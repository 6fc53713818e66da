// Chapter 6 in the UI: 6.2's kernel learned from the edge image (its trace converging to [1, −1],
// the matrices X, K, Y), and LeNet (6.6) on the real Fashion-MNIST, whose feature maps and
// first-layer kernels are drawn as soon as the network is built (the run is stopped there: a
// whole epoch takes minutes on a shared machine; `npm run check:accuracy` trains it fully).
import { test, expect, ownServe } from './fixtures';
import { keepPanelScreenshot } from './helpers';
import { openExperiment, runStatus, stopButton, trainButton, trainUntilDone } from './workbench';

test.describe('chapter 6', () => {
  const own = ownServe();

  test('6.2: the kernel converges to [1, −1] and the matrices show X, K and Y', async ({ page, problems }, testInfo) => {
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Learning a convolution kernel');
    await trainUntilDone(panel, 60_000);
    const trace = panel.getByRole('figure', { name: 'Learned kernel, step by step' });
    await expect(trace).toHaveAttribute('data-steps', '11');
    const [k0, k1] = (await trace.getAttribute('data-last-kernel'))!.split(',').map(Number);
    expect(k0).toBeCloseTo(1, 0);
    expect(k1).toBeCloseTo(-1, 0);
    await expect(trace.locator('canvas').first()).toBeVisible();
    const matrices = panel.getByRole('region', { name: 'Input, kernel and output' });
    await expect(matrices).toHaveAttribute('data-matrices', '3');
    await expect(matrices.locator('[data-name="K"]')).toHaveAttribute('data-shape', '1×2');
    await expect(matrices.locator('[data-name="Y = corr2d(X, K)"]')).toHaveAttribute('data-shape', '6×7');
    await keepPanelScreenshot(page, testInfo, 'chapter6-conv-kernel-en-light');
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('6.6 LeNet: feature maps through every layer and the first-layer kernels render', async ({ page, problems }, testInfo) => {
    test.setTimeout(120_000);
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Convolutional neural network (LeNet)');
    await expect(panel.getByRole('region', { name: 'Training images (Fashion-MNIST)' })).toHaveAttribute('data-images', '18');
    await trainButton(panel).click();
    const maps = panel.getByRole('region', { name: 'One test image through every layer' });
    await expect(maps).toHaveAttribute('data-layers', '12', { timeout: 60_000 });
    await expect(maps.locator('[data-shape="6×28×28"]').first().locator('canvas')).toHaveCount(6);
    await expect(maps.locator('[data-shape="16×5×5"]').locator('canvas')).toHaveCount(16);
    await expect(maps).toContainText('ankle boot');
    const kernels = panel.getByRole('region', { name: 'First-layer kernels' });
    await expect(kernels).toHaveAttribute('data-kernels', '6');
    await expect(kernels.locator('canvas')).toHaveCount(6);
    await keepPanelScreenshot(page, testInfo, 'chapter6-lenet-en-light');
    await stopButton(panel).click();
    await expect(runStatus(panel)).toHaveText(/Cancelled|Stopped/, { timeout: 60_000 });
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });
});

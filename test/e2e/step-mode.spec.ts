// Step mode (book 4.7) in web mode: step 3.3 three times; the batch, the gradient table and the
// autograd graph (PyTorch grad_fn names) show and change with each step; a node click shows its
// value and gradient. Screenshots in both languages and both themes.
import { test, expect } from './fixtures';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { keepScreenshot, languageButton } from './helpers';
import { openExperiment } from './workbench';

/** The whole panel in one shot: the window grows to the main pane's height. */
async function shootPanel(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.locator('main').evaluate((m) => m.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height + 40) });
  await keepScreenshot(page, testInfo, name);
  await page.setViewportSize(size);
}

const gradText = (mode: Locator): Promise<string> => mode.getByTestId('grad-0.weight').innerText();

test('step 3.3 three times: batch, gradients, update and graph change with each step', async ({ page, server, problems }, testInfo) => {
  await page.goto(server.url);
  const panel = await openExperiment(page, 'Concise linear regression');
  const mode = panel.getByTestId('step-mode');
  await expect(mode.getByText('No step yet', { exact: false })).toBeVisible();
  const step = mode.getByRole('button', { name: 'Step', exact: true });

  const seen: string[] = [];
  for (let k = 1; k <= 3; k++) {
    await step.click();
    await expect(mode.getByTestId('step-header')).toContainText(`Step ${k} of epoch 1 (${k}/100)`);
    // The batch: 10 highlighted points over the data set.
    await expect(mode.getByTestId('step-scatter').locator('circle.hit')).toHaveCount(10);
    const grad = await gradText(mode);
    expect(seen, `step ${k} shows a new gradient`).not.toContain(grad);
    seen.push(grad);
    await expect(mode.getByTestId('step-gradients').getByRole('row')).toHaveCount(3);
  }

  // The graph: PyTorch's grad_fn chain for nn.Linear + MSELoss.
  const graph = mode.getByTestId('step-graph');
  const ops = await graph.locator('g.node').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-op')));
  expect(ops.sort()).toEqual(['AccumulateGrad', 'AccumulateGrad', 'AddmmBackward0', 'MseLossBackward0', 'TBackward0']);
  await expect(graph.locator('path.edge')).toHaveCount(4);
  await graph.getByRole('button', { name: /AccumulateGrad · shape \(1, 2\)/ }).click();
  const detail = mode.getByTestId('step-node-detail');
  await expect(detail).toContainText('AccumulateGrad');
  await expect(detail).toContainText('Gradient');
  await mode.getByLabel('Show backward edges').check();
  await expect(graph.locator('path.edge-b')).toHaveCount(4);
  await shootPanel(page, testInfo, 'step-mode-linreg-en-light');

  await page.getByRole('button', { name: 'Dark theme' }).click();
  await shootPanel(page, testInfo, 'step-mode-linreg-en-dark');

  await languageButton(page, '中文').click();
  // The panel's accessible name is now its Chinese title: find step mode on the page.
  await expect(page.getByTestId('step-mode').getByTestId('step-header')).toContainText('第 1 轮第 3 步');
  await shootPanel(page, testInfo, 'step-mode-linreg-zh-dark');
  await page.getByRole('button', { name: '深色主题' }).click();
  await shootPanel(page, testInfo, 'step-mode-linreg-zh-light');

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(await problems.cspViolations()).toEqual([]);
});

test('the 4.7 note opens 4.3 in step mode: image strip, heatmaps and the MLP graph', async ({ page, server, problems }, testInfo) => {
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Workbench sections' }).getByRole('group', { name: 'Notes by chapter' })
    .getByRole('button', { name: /Forward propagation, backward propagation/ }).click();
  const note = page.getByRole('article', { name: /^4\.7 Forward propagation/ });
  await expect(note.getByRole('heading', { level: 1 })).toBeVisible();
  await note.getByRole('button', { name: 'Open step mode' }).click();

  const panel = page.getByRole('article', { name: 'Concise multilayer perceptron' });
  const mode = panel.getByTestId('step-mode');
  await expect(mode.getByRole('button', { name: 'Step', exact: true })).toBeFocused();
  await mode.getByRole('button', { name: 'Step', exact: true }).click();
  await expect(mode.getByTestId('step-header')).toContainText('Step 1 of epoch 1 (1/235)', { timeout: 60_000 });
  await expect(mode.getByTestId('step-images').locator('canvas')).toHaveCount(8);
  // 784×256 weights are too many to list: a heatmap with its norm.
  await expect(mode.getByTestId('grad-1.weight').locator('canvas')).toHaveCount(1);
  const ops = await mode.getByTestId('step-graph').locator('g.node').evaluateAll((gs) => gs.map((g) => g.getAttribute('data-op')));
  expect(ops.sort()).toEqual([
    'AccumulateGrad', 'AccumulateGrad', 'AccumulateGrad', 'AccumulateGrad', 'AddmmBackward0', 'AddmmBackward0',
    'LogSoftmaxBackward0', 'MeanBackward0', 'NllLossBackward0', 'ReluBackward0', 'TBackward0', 'TBackward0',
  ]);
  await mode.getByTestId('step-graph').getByRole('button', { name: /^ReluBackward0/ }).click();
  await expect(mode.getByTestId('step-node-detail')).toContainText('Gradient');
  await shootPanel(page, testInfo, 'step-mode-mlp-en-light');
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
});

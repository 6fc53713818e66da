// Chapters 3.5–4.6 in the UI, on the real Fashion-MNIST (CI installs dataset-fashion-mnist): the
// dataset status and the 3.5 image grid, one epoch of softmax-concise with its accuracy curve,
// prediction grid and confusion matrix, 4.1's activation plot, and a run that keeps training
// through a page reload. Chart contents are read from data attributes and accessible text.
import { test, expect, ownServe } from './fixtures';
import type { DatasetStatus } from '../../src/shared/datasets';
import { keepPanelScreenshot, keepScreenshot, languageButton } from './helpers';
import { field, openExperiment, runStatus, stopButton, trainButton, trainUntilDone } from './workbench';

test.describe('classification experiments', () => {
  const own = ownServe();

  test('softmax-concise for one epoch: accuracy curve, prediction grid and confusion matrix', async ({ page, problems }, testInfo) => {
    // 47 s on a slower CI machine beside the other worker's tests.
    test.setTimeout(150_000);
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Concise softmax regression');
    const dataset = panel.getByRole('region', { name: 'Dataset' });
    await expect(dataset).toHaveAttribute('data-found', 'true');
    await expect(dataset).toContainText('/usr/share/datasets/fashion-mnist');
    await expect(dataset).toContainText('60,000 training and 10,000 test images');

    // 3.5's grid is there before training: 2 × 9 images with their labels.
    const images = panel.getByRole('region', { name: 'Training images (Fashion-MNIST)' });
    await expect(images).toHaveAttribute('data-images', '18');
    await expect(images.getByRole('listitem')).toHaveCount(18);
    await expect(images.getByRole('listitem').first()).toHaveAccessibleName('Image 0: ankle boot');
    await keepPanelScreenshot(page, testInfo, 'classify-softmax-ready-en-light');

    await field(panel, 'Epochs').fill('1');
    await trainUntilDone(panel, 60_000);

    const accuracy = panel.getByRole('figure', { name: 'Accuracy curves' });
    await expect(accuracy).toHaveAttribute('data-epoch-points', '1');
    const testAcc = Number(await accuracy.getAttribute('data-test-accuracy'));
    expect(testAcc).toBeGreaterThan(0.7);
    await expect(accuracy).toContainText(/Epoch 1: train loss [\d.]+, train acc \d+\.\d%, test acc \d+\.\d%\./);
    await expect(panel.getByRole('figure', { name: 'Loss curve' })).toHaveAttribute('data-epoch-points', '1');

    const predictions = panel.getByRole('region', { name: 'Predictions on test images' });
    await expect(predictions).toHaveAttribute('data-images', '18');
    const cells = predictions.getByRole('listitem');
    await expect(cells).toHaveCount(18);
    await expect(cells.first()).toHaveAccessibleName(/^Test image 0: true ankle boot, predicted [a-z -]+ \((right|wrong)\)$/);
    const wrong = Number(await predictions.getAttribute('data-wrong'));
    await expect(predictions.locator('[data-correct="false"]')).toHaveCount(wrong);
    expect(wrong).toBeLessThan(9);

    const confusion = panel.getByRole('figure', { name: 'Confusion matrix (test set)' });
    await expect(confusion).toHaveAttribute('data-classes', '10');
    await expect(confusion).toHaveAttribute('data-total', '10000');
    const correct = Number(await confusion.getAttribute('data-correct'));
    expect(correct / 10000).toBeCloseTo(testAcc, 6);
    await expect(confusion).toContainText(/Test accuracy \d+\.\d% \(\d+ of 10000\)\. Most frequent mistakes: /);
    await keepPanelScreenshot(page, testInfo, 'classify-softmax-trained-en-light');

    await page.getByRole('button', { name: 'Dark theme' }).click();
    await keepPanelScreenshot(page, testInfo, 'classify-softmax-trained-en-dark');
    await languageButton(page, '中文').click();
    await expect(page.getByRole('region', { name: '测试图像上的预测' }).getByRole('listitem').first()).toHaveAccessibleName(/^测试图像 0：真实 靴子，预测 /);
    await keepPanelScreenshot(page, testInfo, 'classify-softmax-trained-zh-dark');

    // The saved run brings the grid and the matrix back.
    await languageButton(page, 'English').click();
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.reload();
    await page.getByRole('region', { name: 'Runs' }).getByRole('listitem').getByRole('button', { name: /softmax/i }).first().click();
    const reopened = page.getByRole('article', { name: 'Concise softmax regression' });
    await expect(reopened.getByRole('figure', { name: 'Confusion matrix (test set)' })).toHaveAttribute('data-total', '10000');
    await expect(reopened.getByRole('region', { name: 'Predictions on test images' })).toHaveAttribute('data-images', '18');
    await expect(reopened.getByRole('figure', { name: 'Accuracy curves' })).toHaveAttribute('data-epoch-points', '1');

    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    expect(await problems.cspViolations()).toEqual([]);
  });

  test('4.1 draws relu, sigmoid and tanh with their gradients', async ({ page, problems }, testInfo) => {
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Activation functions: ReLU, sigmoid, tanh');
    const plot = panel.getByRole('figure', { name: 'Activation functions and their gradients' });
    await expect(plot).toHaveAttribute('data-curves', '3');
    await expect(plot).toHaveAttribute('data-grad-curves', '3');
    await expect(plot).toHaveAttribute('data-functions', 'relu,sigmoid,tanh');
    await expect(plot).toHaveAttribute('data-points', '161');
    await keepPanelScreenshot(page, testInfo, 'activations-en-light');
    expect(problems.pageErrors).toEqual([]);
  });

  test('4.5 weight decay draws ‖w‖ per epoch next to the loss', async ({ page, problems }, testInfo) => {
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Weight decay');
    await field(panel, 'Epochs').fill('20');
    await trainUntilDone(panel, 20_000);
    const norm = panel.getByRole('figure', { name: 'Weight norm ‖w‖' });
    await expect(norm).toHaveAttribute('data-epoch-points', '20');
    expect(Number(await norm.getAttribute('data-last-norm'))).toBeGreaterThan(0);
    await expect(norm).toContainText(/‖w‖ after epoch 20: [\d.]+\./);
    await keepPanelScreenshot(page, testInfo, 'weight-decay-en-light');
    expect(problems.pageErrors).toEqual([]);
  });

  test('a run keeps training through a page reload, and Stop still works', async ({ page, problems }, testInfo) => {
    // Batch size 1 keeps the trainer on a full core: with the other worker's tests beside it, this
    // took 39–49 s on our machines and passed 60 s on a slower CI machine. Every wait has its own limit.
    test.setTimeout(150_000);
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Concise linear regression');
    await field(panel, 'Samples').fill('100000');
    await field(panel, 'Batch size').fill('1');
    await field(panel, 'Epochs').fill('1000');
    await trainButton(panel).click();
    await expect(runStatus(panel)).toHaveText('Running', { timeout: 20_000 });

    await page.reload();
    const again = page.getByRole('article', { name: 'Concise linear regression' });
    await expect(runStatus(again)).toHaveText('Running', { timeout: 20_000 });
    const bar = again.getByRole('progressbar', { name: 'Training progress' });
    const first = Number(await bar.getAttribute('aria-valuenow'));
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 10_000 }).toBeGreaterThan(first);
    // Steps arriving after the reload are drawn at their true place on the epoch axis.
    await expect.poll(async () => Number(await again.getByRole('figure', { name: 'Loss curve' }).getAttribute('data-step-points'))).toBeGreaterThan(0);
    await expect(stopButton(again)).toBeEnabled();
    await keepScreenshot(page, testInfo, 'reattached-linreg-running-en-light');

    await stopButton(again).click();
    await expect(runStatus(again)).toHaveText('Cancelled', { timeout: 20_000 });
    await expect(trainButton(again)).toBeEnabled();
    expect(problems.pageErrors).toEqual([]);
  });

  test('a missing dataset says how to fix it and imports the files one per request', async ({ page, problems }, testInfo) => {
    // The server here has the dataset; the page is shown a machine without it.
    const missing: DatasetStatus = {
      dataset: 'fashion-mnist', found: false, files: [], importDir: '/home/learner/.config/d2l-workbench/datasets/fashion-mnist',
      searched: [
        { dir: '/home/learner/.config/d2l-workbench/datasets/fashion-mnist', kind: 'data-dir', missing: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'] },
        { dir: '/usr/share/datasets/fashion-mnist', kind: 'system', missing: ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'] },
      ],
    };
    const imported: string[][] = [];
    await page.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((raw) => {
        const m = JSON.parse(String(raw)) as { id: number; name: string; payload: { files?: Array<{ fileName: string }> } };
        if (m.name === 'datasets.status' || m.name === 'datasets.import') {
          if (m.name === 'datasets.import') imported.push(m.payload.files!.map((f) => f.fileName));
          ws.send(JSON.stringify({ id: m.id, reply: { ok: true, result: missing } }));
          return;
        }
        server.send(raw);
      });
    });
    await page.goto(own().url);
    const panel = await openExperiment(page, 'Multilayer perceptron from scratch');
    const dataset = panel.getByRole('region', { name: 'Dataset' });
    await expect(dataset).toHaveAttribute('data-found', 'false');
    await expect(dataset.getByRole('alert')).toHaveText(/Fashion-MNIST is not installed/);
    await expect(dataset).toContainText('Install the Debian package dataset-fashion-mnist, or import the four files');
    await expect(panel.getByRole('region', { name: 'Training images (Fashion-MNIST)' })).toContainText('once the dataset is found');
    await keepPanelScreenshot(page, testInfo, 'classify-dataset-missing-en-light');

    await dataset.getByLabel('Import the four files…').setInputFiles([
      { name: 'train-labels-idx1-ubyte.gz', mimeType: 'application/gzip', buffer: Buffer.from([0x1f, 0x8b, 1, 2]) },
      { name: 't10k-labels-idx1-ubyte.gz', mimeType: 'application/gzip', buffer: Buffer.from([0x1f, 0x8b, 3, 4]) },
    ]);
    await expect(dataset.getByRole('status')).toHaveText('Imported 2 files.');
    expect(imported).toEqual([['train-labels-idx1-ubyte.gz'], ['t10k-labels-idx1-ubyte.gz']]);
    expect(problems.pageErrors).toEqual([]);
  });
});

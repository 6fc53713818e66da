// The panel side of "an experiment lives in one place": a web-mode server whose catalog has the
// test-only throwaway experiment added (test/fixtures/throwaway-experiment.ts; nothing under src/
// names it) lists it in the sidebar, shows its own form field and the plots its definition lists,
// and trains it in a worker like any other.
import { join } from 'node:path';
import { build } from 'vite';
import { test as base, expect, startServe, ROOT, type Served } from './fixtures';
import { field, openExperiment, runStatus, trainButton } from './workbench';

// Inside node_modules so the bundle's bare imports (ws, valibot, fflate) resolve from the project.
const OUT = join(ROOT, 'node_modules', '.cache', 'd2l-e2e-throwaway');

async function bundle(): Promise<void> {
  await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      ssr: true,
      outDir: OUT,
      emptyOutDir: true,
      minify: false,
      rollupOptions: {
        input: { server: join(import.meta.dirname, 'throwaway/server-entry.ts'), worker: join(import.meta.dirname, 'throwaway/worker-entry.ts') },
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
}

const test = base.extend<object, { throwawayServer: Served }>({
  throwawayServer: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await bundle();
      const served = await startServe([], { command: (dataDir) => [join(OUT, 'server.mjs'), join(ROOT, 'out/renderer'), dataDir, join(OUT, 'worker.mjs')] });
      await use(served);
      await served.stop();
    },
    // A Vite build of src/main and a server start, both CPU-bound: generous for a loaded machine.
    { scope: 'worker', timeout: 180_000 },
  ],
});

test('a throwaway experiment added to the catalog appears in the sidebar, shows its plots and trains', async ({ page, throwawayServer }) => {
  await page.goto(throwawayServer.url);
  const panel = await openExperiment(page, 'Throwaway: fit one line');
  await expect(field(panel, 'True slope')).toHaveValue('3');
  await expect(panel.getByRole('figure', { name: /Data and fitted line/ })).toBeVisible();
  await expect(panel.getByRole('figure', { name: /Loss curve/ })).toBeVisible();
  await expect(panel.getByRole('figure', { name: /Accuracy curves|Confusion matrix/ })).toHaveCount(0);
  await trainButton(panel).click();
  await expect(runStatus(panel)).toContainText(/completed/i, { timeout: 20_000 });
  await expect(panel.getByRole('table', { name: /Parameters/ })).toContainText('0.weight');
  await page.screenshot({ path: 'test-results/screenshots/throwaway-experiment-panel.png', fullPage: true });
});

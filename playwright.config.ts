import { defineConfig } from '@playwright/test';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, VIEWPORT, chromiumPath } from './src/main/bench/chromium-launch';

export default defineConfig({
  testDir: 'test/e2e',
  // Each worker starts its own web-mode server; two cores, so two workers at most.
  workers: 2,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Most tests take 10–15 s alone; on two cores shared with other suites they took 25–34 s, so a
  // 30 s limit failed good tests now and then (issue 12). Waits inside tests stay as they are.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results',
  reporter: [['list'], ['./test/reporters/playwright-summary.ts']],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { ...VIEWPORT },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(() => chromium.executablePath()),
      // The same flags as the start-up bench (src/main/bench/chromium-launch.ts).
      args: [...CHROMIUM_ARGS],
    },
  },
});

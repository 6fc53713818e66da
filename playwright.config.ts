import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';
import { chromium } from 'playwright-core';

/** PLAYWRIGHT_CHROMIUM_PATH, then Playwright's own download (if present), then Debian's chromium. */
function chromiumPath(): string {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PLAYWRIGHT_CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // No registry entry for this platform: fall through to the system browser.
  }
  const system = '/usr/bin/chromium';
  if (existsSync(system)) return system;
  throw new Error('no Chromium found: set PLAYWRIGHT_CHROMIUM_PATH or install Debian\'s chromium (apt-get install -y chromium)');
}

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
    viewport: { width: 1280, height: 800 },
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});

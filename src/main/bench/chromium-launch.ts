// How the project starts Chromium, in one place: the Playwright config (e2e tests) and the
// start-up bench (`npm run bench:start`) launch the same browser with the same flags. No import
// of Playwright here, so the built CLI can hold this file without bundling a devDependency.
import { existsSync } from 'node:fs';

/** Headless, no sandbox (containers), and nothing that reaches the network or the GPU. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The window size the e2e tests and the start-up bench use. */
export const VIEWPORT = { width: 1280, height: 800 } as const;

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * PLAYWRIGHT_CHROMIUM_PATH, then Playwright's own download (`ownBrowser`, if present), then
 * Debian's chromium.
 */
export function chromiumPath(ownBrowser: () => string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.PLAYWRIGHT_CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`PLAYWRIGHT_CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  try {
    const own = ownBrowser();
    if (own && existsSync(own)) return own;
  } catch {
    // No registry entry for this platform: fall through to the system browser.
  }
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  throw new Error(`no Chromium found: set PLAYWRIGHT_CHROMIUM_PATH or install Debian's chromium (apt-get install -y chromium)`);
}

// Web mode's cold start as a user meets it: `d2l-workbench serve` is spawned, the browser opens its
// URL, and the experiment list appears and can be clicked. Each run uses a fresh browser profile
// (no HTTP or code cache) and a fresh data directory; the browser is started before the clock
// starts, as a learner's browser is already open. Playwright (a devDependency) is loaded only here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_ARGS, VIEWPORT, chromiumPath } from './chromium-launch';
import { packagePaths, requireBuilt } from './package-paths';
import { median } from './timing';
import { errorMessage } from '../../shared/error-message';

/** Milliseconds after the spawn of `serve`. */
export interface ColdStartRun {
  /** serve printed its URL (listening). */
  serverReadyMs: number;
  /** The page's DOMContentLoaded ended (its first chunk ran). */
  domContentLoadedMs: number;
  /** An experiment of the list is laid out, on screen and the topmost element at its centre. */
  interactiveMs: number;
}

export interface ColdStartResult {
  runs: ColdStartRun[];
  median: ColdStartRun;
  browser: string;
  loadAverage: { start: number; end: number };
}

/**
 * The experiment list's buttons: the sidebar's (Sidebar.svelte, section "experiments") and the
 * welcome page's tiles (Welcome.svelte). Both render from the one `experiments.list` reply in the
 * same update, so whichever is on screen first is on screen as soon as the other could be. The
 * sidebar's alone is not enough: the notes section above it fills the sidebar once `notes.list`
 * is answered, and then its first experiment is scrolled out of view; counting only it timed the
 * order of two replies (and timed out when notes came first).
 */
export const EXPERIMENT_BUTTON = '#experiments-body button.item, .welcome button.tile';

// Runs in the page before its own scripts. The time taken is that of the first animation frame
// after a button became hit-testable: the frame that shows it. The button found is tagged so the
// final check confirms that very element.
const PROBE = `(() => {
  const seen = (el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    if (r.width === 0 || r.height === 0 || x < 0 || y < 0 || x > innerWidth || y > innerHeight || el.disabled) return false;
    const top = document.elementFromPoint(x, y);
    return top !== null && (top === el || el.contains(top));
  };
  let found = false;
  const check = () => {
    if (found) return;
    const el = [...document.querySelectorAll(${JSON.stringify(EXPERIMENT_BUTTON)})].find(seen);
    if (!el) return;
    found = true;
    el.setAttribute('data-bench-interactive', '');
    observer.disconnect();
    requestAnimationFrame(() => { window.__d2lInteractive = performance.timeOrigin + performance.now(); });
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

const URL_LINE = /d2l-workbench web mode: (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/;

interface Playwright {
  chromium: {
    executablePath(): string;
    launchPersistentContext(dir: string, options: Record<string, unknown>): Promise<BrowserContext>;
  };
}

// Through a variable so the bundler leaves this optional dependency to run time.
const PLAYWRIGHT = 'playwright-core';

async function loadPlaywright(): Promise<Playwright> {
  try {
    return (await import(/* @vite-ignore */ PLAYWRIGHT)) as Playwright;
  } catch (err) {
    throw new Error(`playwright-core is not installed (a devDependency): ${errorMessage(err)}`);
  }
}

/** Epoch milliseconds with sub-millisecond resolution, comparable with the page's clock. */
const now = (): number => performance.timeOrigin + performance.now();

export async function measureColdStart(opts: { runs?: number; progress?: (message: string) => void } = {}): Promise<ColdStartResult> {
  const runs = opts.runs ?? 3;
  const paths = packagePaths();
  requireBuilt(paths);
  const { chromium } = await loadPlaywright();
  const executablePath = chromiumPath(() => chromium.executablePath());
  const start = loadavg()[0]!;
  const results: ColdStartRun[] = [];
  for (let i = 0; i < runs; i++) {
    opts.progress?.(`web-mode cold start ${i + 1}/${runs}`);
    results.push(await oneRun(chromium, executablePath, paths.builtCli));
  }
  const med = (key: keyof ColdStartRun): number => median(results.map((r) => r[key]));
  return {
    runs: results,
    median: { serverReadyMs: med('serverReadyMs'), domContentLoadedMs: med('domContentLoadedMs'), interactiveMs: med('interactiveMs') },
    browser: executablePath,
    loadAverage: { start, end: loadavg()[0]! },
  };
}

async function waitForMark(page: Page, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await page.evaluate('window.__d2lInteractive !== undefined')) !== true) {
    if (Date.now() > deadline) throw new Error(`the experiment list was not interactive within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function oneRun(chromium: Playwright['chromium'], executablePath: string, cli: string): Promise<ColdStartRun> {
  const profile = mkdtempSync(join(tmpdir(), 'd2l-bench-profile-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'd2l-bench-data-'));
  let context: BrowserContext | undefined;
  let stopServer = async (): Promise<void> => {};
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath, args: [...CHROMIUM_ARGS], headless: true, viewport: { ...VIEWPORT },
    });
    const page: Page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript({ content: PROBE });

    const t0 = now();
    const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    stopServer = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const { url, at: ready } = await new Promise<{ url: string; at: number }>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`serve printed no URL within 30 s; stderr:\n${stderr}`)), 30_000);
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        const at = now();
        out += chunk;
        const m = URL_LINE.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve({ url: m[1]!, at });
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`serve exited (${code ?? signal}) before printing its URL; stderr:\n${stderr}`));
      });
    });

    await page.goto(url, { waitUntil: 'domcontentloaded' });
    // Page code as text: the bundler renames globals it sees in functions (performance → performance$1).
    // Polled from here: waitForFunction would poll with eval inside the page, which its CSP refuses
    // once the first check is false. The time is the page's own mark, so the poll's pace is no error.
    await waitForMark(page, 30_000);
    const marks = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      return { domContentLoaded: performance.timeOrigin + (nav ? nav.domContentLoadedEventEnd : NaN), interactive: window.__d2lInteractive };
    })()`)) as { domContentLoaded: number; interactive: number };
    // The probe's verdict, confirmed by Playwright's own actionability checks (no click is sent).
    await page.locator('[data-bench-interactive]').click({ trial: true, timeout: 10_000 });
    if (!Number.isFinite(marks.domContentLoaded)) throw new Error('the page reported no navigation timing');
    return { serverReadyMs: ready - t0, domContentLoadedMs: marks.domContentLoaded - t0, interactiveMs: marks.interactive - t0 };
  } finally {
    await context?.close().catch(() => undefined);
    await stopServer();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

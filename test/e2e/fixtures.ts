// Web-mode fixtures: a real `d2l-workbench serve` process per worker (built output, random port,
// throw-away data directory) and a page that records console errors, page errors and CSP
// violations so tests can prove there were none.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'out/main/cli.js');
const URL_LINE = /d2l-workbench web mode: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))/;

export interface Served {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  stderr: string[];
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `d2l-workbench serve` (or, with `command`, another script that prints serve's URL line,
 * given the fresh data directory), with `env` added to its environment, and waits for its URL.
 */
export async function startServe(
  extraArgs: string[] = [],
  opts: { command?: (dataDir: string) => string[]; env?: Record<string, string> } = {},
): Promise<Served> {
  if (!existsSync(CLI) || !existsSync(join(ROOT, 'out/renderer/index.html'))) {
    throw new Error(`${CLI} or out/renderer is missing: run \`npx electron-vite build\` before the e2e tests`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'd2l-e2e-data-'));
  const args = opts.command ? opts.command(dataDir) : [CLI, 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '', ...opts.env },
  });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
  const found = await new Promise<RegExpMatchArray>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL within 20 s; stderr:\n${stderr.join('')}`)), 20_000);
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = URL_LINE.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before printing its URL; stderr:\n${stderr.join('')}`));
    });
  });
  const port = Number(found[2]);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    url: found[1]!,
    origin: `http://127.0.0.1:${port}`,
    port,
    token: found[3]!,
    dataDir,
    stderr,
    process: child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  /** Read from the page: `securitypolicyviolation` events seen since load. */
  cspViolations(): Promise<string[]>;
}

/** Registers the recorders; call before the first navigation. */
export async function watchProblems(page: Page): Promise<PageProblems> {
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => {
      seen.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
    });
  });
  return {
    consoleErrors,
    pageErrors,
    cspViolations: () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
}

export const test = base.extend<{ problems: PageProblems }, { server: Served }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const served = await startServe();
      await use(served);
      await served.stop();
    },
    { scope: 'worker' },
  ],
  problems: async ({ page }, use) => {
    await use(await watchProblems(page));
  },
});

/**
 * A serve process with a data directory of the calling spec file's own (the worker's `server` is
 * shared by every file the worker runs): started before the file's first test, stopped after its last.
 */
export function ownServe(): () => Served {
  let served: Served | undefined;
  test.beforeAll(async () => {
    served = await startServe();
  });
  test.afterAll(async () => {
    await served?.stop();
  });
  return () => {
    if (!served) throw new Error('ownServe(): the server starts in beforeAll; use it inside a test');
    return served;
  };
}

export { expect };

// Small page helpers shared by the e2e specs. Controls are found by role and accessible name.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import type { Page, TestInfo } from '@playwright/test';
import type { AppInfo } from '../../src/shared/api';

export const SCREENSHOT_DIR = resolve(import.meta.dirname, '../../test-results/screenshots');

/** Full-page screenshot kept under test-results/screenshots and attached to the report. */
export async function keepScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  return path;
}

/** The whole experiment panel: the window grows to the main pane's content height for the shot. */
export async function keepPanelScreenshot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const size = page.viewportSize()!;
  const height = await page.locator('main').evaluate((m) => m.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height + 40) });
  await keepScreenshot(page, testInfo, name);
  await page.setViewportSize(size);
}

export function languageButton(page: Page, name: 'English' | '中文') {
  return page.getByRole('group', { name: 'Language · 语言' }).getByRole('button', { name, exact: true });
}

/** Asks the server directly, as a well-behaved client with the token, for app.info. */
export async function appInfoOverSocket(origin: string, port: number, token: string): Promise<AppInfo> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`, { origin });
  try {
    await new Promise<void>((res, rej) => {
      ws.once('open', () => res());
      ws.once('error', rej);
    });
    // Events are sent to every socket, so one may come before the reply: wait for the reply's id.
    const reply = await new Promise<{ id: number; reply: { ok: boolean; result: AppInfo } }>((res) => {
      const onMessage = (d: unknown): void => {
        const message = JSON.parse(String(d)) as { id?: unknown };
        if (message.id !== 1) return;
        ws.off('message', onMessage);
        res(message as { id: number; reply: { ok: boolean; result: AppInfo } });
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id: 1, name: 'app.info', payload: null }));
    });
    if (!reply.reply.ok) throw new Error(`app.info failed: ${JSON.stringify(reply)}`);
    return reply.reply.result;
  } finally {
    ws.close();
  }
}

/** Resolves with the HTTP status the server answered a WebSocket upgrade with (101 = accepted). */
export function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => {
      ws.close();
      res(101);
    });
    ws.once('unexpected-response', (_req, r) => {
      res(r.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (err) => rej(err));
  });
}

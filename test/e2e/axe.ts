// axe-core (from npm) run inside the page, for the accessibility audits (issue 21).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SERIOUS = new Set(['moderate', 'serious', 'critical']);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe on the page (or only inside `include`, a CSS selector) and returns the violations of
 * moderate or higher impact, one readable line per node.
 */
export async function audit(page: Page, include?: string): Promise<string[]> {
  await revealScrolledContent(page);
  // Evaluated through the debugging protocol, so the page's CSP (no inline scripts) does not apply.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: { run(ctx: Document | { include: string[] }, opts: object): Promise<{ violations: Violation[] }> } }).axe;
    const result = await axe.run(selector ? { include: [selector] } : document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, include);
  return violations
    .filter((v) => v.impact !== null && SERIOUS.has(v.impact))
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ')}`));
}

/**
 * axe's color-contrast skips text scrolled out of sight inside a scroll container (the main area,
 * the sidebar), which left everything below the first screen unchecked. The window grows (never
 * shrinks) until the scroll containers show all they hold; containers sized from the window
 * (`vh`) are given a few rounds.
 */
async function revealScrolledContent(page: Page): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const hidden = await page.evaluate(() => {
      let most = 0;
      for (const el of document.querySelectorAll<HTMLElement>('main, nav, main *, nav *')) {
        const overflow = getComputedStyle(el).overflowY;
        if ((overflow === 'auto' || overflow === 'scroll') && el.scrollHeight > el.clientHeight + 1) most = Math.max(most, el.scrollHeight - el.clientHeight);
      }
      return most;
    });
    const size = page.viewportSize();
    if (hidden === 0 || !size) return;
    await page.setViewportSize({ width: size.width, height: Math.min(size.height + hidden, 16_000) });
  }
}

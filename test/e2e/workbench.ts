// Locators for the experiment panel, by role and accessible name.
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

export async function openExperiment(page: Page, title: string): Promise<Locator> {
  // Experiment buttons start with their section ("3.3 Concise…"); saved runs carry the title too.
  await page.getByRole('region', { name: /^(Experiments|实验)$/ }).getByRole('button', { name: new RegExp(`^\\d+\\.\\d+\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
  const panel = page.getByRole('article', { name: title });
  await expect(panel).toBeVisible();
  return panel;
}

export const field = (panel: Locator, label: string): Locator => panel.getByRole('textbox', { name: label, exact: true });
export const trainButton = (panel: Locator): Locator => panel.getByRole('button', { name: /^(Train|训练)/ });
export const stopButton = (panel: Locator): Locator => panel.getByRole('button', { name: /^(Stop|停止)/ });
export const runStatus = (panel: Locator): Locator => panel.getByRole('status', { name: /Run status|运行状态/ });

/** Clicks Train and waits, up to `timeout` ms, until the run status says Completed. */
export async function trainUntilDone(panel: Locator, timeout: number): Promise<void> {
  await trainButton(panel).click();
  await expect(runStatus(panel)).toHaveText('Completed', { timeout });
}

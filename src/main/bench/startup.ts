// Issue 15's start-up figures: web mode from spawn to an interactive experiment list, and the CLI's
// whole process against bare Node. `bench --startup` (npm run bench:start) prints only these;
// the full bench prints them next to the engine's rows.
import { measureCliStartup, type CliStartupResult } from './cli-startup';
import { measureColdStart, type ColdStartResult } from './cold-start';
import type { Target } from './results';
import { errorMessage } from '../../shared/error-message';

export interface StartupResult {
  web?: ColdStartResult;
  cli?: CliStartupResult;
}

/** The goals of issue 15, item 2 and 3. */
export const COLD_START_GOAL_MS = 1000;
export const CLI_RATIO_GOAL = 1.6;


/** Measures both; a part that cannot run (no Chromium, not built) is recorded in `skipped`. */
export async function collectStartup(
  quick: boolean, skipped: Record<string, string>, progress: (m: string) => void, parts: { web: boolean } = { web: true },
): Promise<StartupResult> {
  const out: StartupResult = {};
  try {
    out.cli = await measureCliStartup({ runs: quick ? 3 : 20, progress });
  } catch (err) {
    skipped.cliStartup = errorMessage(err);
  }
  if (!parts.web) {
    skipped.coldStart = 'not with --quick (one browser start per run): `npm run bench:start` measures it';
    return out;
  }
  try {
    out.web = await measureColdStart({ runs: quick ? 1 : 3, progress });
  } catch (err) {
    skipped.coldStart = errorMessage(err);
  }
  return out;
}

export function startupTargets(s: StartupResult | undefined): Target[] {
  const web = s?.web?.median.interactiveMs;
  const cli = s?.cli ? s.cli.trainMs / s.cli.bareNodeMs : undefined;
  return [
    web === undefined
      ? { name: 'web-mode cold start to interactive, median', ratio: null, goal: `≤ ${COLD_START_GOAL_MS} ms`, met: null, unit: ' ms' }
      : { name: 'web-mode cold start to interactive, median', ratio: web, goal: `≤ ${COLD_START_GOAL_MS} ms`, met: web <= COLD_START_GOAL_MS, unit: ' ms' },
    cli === undefined || !Number.isFinite(cli)
      ? { name: 'CLI train linreg-concise whole process / node -e 0', ratio: null, goal: `≤ ${CLI_RATIO_GOAL}×`, met: null }
      : { name: 'CLI train linreg-concise whole process / node -e 0', ratio: cli, goal: `≤ ${CLI_RATIO_GOAL}×`, met: cli <= CLI_RATIO_GOAL },
  ];
}

const ms = (x: number): string => `${Math.round(x)} ms`;

/** The start-up section of the bench report. */
export function formatStartup(s: StartupResult): string[] {
  const out: string[] = [];
  if (s.web) {
    const w = s.web;
    out.push('', `Web mode cold start (spawn of \`serve\` → …, fresh Chromium profile each run; load average ${w.loadAverage.start.toFixed(2)} → ${w.loadAverage.end.toFixed(2)})`);
    const row = (name: string, r: { serverReadyMs: number; domContentLoadedMs: number; interactiveMs: number }): string =>
      `  ${name.padEnd(9)} ${ms(r.serverReadyMs).padStart(13)} ${ms(r.domContentLoadedMs).padStart(17)} ${ms(r.interactiveMs).padStart(12)}`;
    out.push(`  ${'run'.padEnd(9)} ${'server ready'.padStart(13)} ${'DOMContentLoaded'.padStart(17)} ${'interactive'.padStart(12)}`);
    w.runs.forEach((r, i) => out.push(row(String(i + 1), r)));
    out.push(row('median', w.median));
  }
  if (s.cli) {
    const c = s.cli;
    out.push('', `CLI whole process, median of ${c.runs} (load average ${c.loadAverage.start.toFixed(2)} → ${c.loadAverage.end.toFixed(2)})`);
    const row = (cmd: string, x: number): string => `  ${cmd.padEnd(58)} ${ms(x).padStart(8)}  ${(x / c.bareNodeMs).toFixed(2)}×`;
    out.push(row(c.commands.bareNode, c.bareNodeMs), row(c.commands.version, c.versionMs), row(c.commands.train, c.trainMs));
  }
  return out;
}

/** `bench --startup`: only these figures, with their targets. */
export function formatStartupReport(s: StartupResult, skipped: Record<string, string>): string {
  const out = [`d2l-workbench start-up bench — Node ${process.version}`, ...formatStartup(s), '', 'Targets'];
  for (const t of startupTargets(s)) {
    const mark = t.met === null ? '?' : t.met ? 'met' : 'MISSED';
    out.push(`  ${mark.padEnd(6)} ${t.name}: ${t.ratio === null ? 'not measured' : t.unit === ' ms' ? `${Math.round(t.ratio)} ms` : `${t.ratio.toFixed(2)}×`} (goal ${t.goal})`);
  }
  const skip = Object.entries(skipped);
  if (skip.length) out.push('', 'Skipped', ...skip.map(([what, why]) => `  ${what}: ${why}`));
  return `${out.join('\n')}\n`;
}

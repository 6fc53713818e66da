#!/usr/bin/env node
// `npm test`: set-up (scripts/test-setup.mjs), build, typecheck, unit + golden (vitest), e2e (Playwright), then ONE closing line
// `N passed, N failed` summed over every suite. The build and the typecheck count as one check
// each, so a type error shows up in the closing line too. Exit code 1 if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureNodeModules, ensureSystemPackages } from './test-setup.mjs';

const root = new URL('..', import.meta.url).pathname;
// Set-up first (README "Run all tests"): system packages, then npm dependencies on a fresh clone.
if (ensureSystemPackages() !== 0 || ensureNodeModules({ root }) !== 0) process.exit(1);
const summaryDir = join(root, '.test-summary');
rmSync(summaryDir, { recursive: true, force: true });
mkdirSync(summaryDir, { recursive: true });
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', D2L_TEST_SUMMARY_DIR: summaryDir };
const npx = (args) => ({ cmd: process.execPath, args: [join(root, 'node_modules', '.bin', args[0]), ...args.slice(1)] });

const total = { passed: 0, failed: 0, skipped: 0 };
function step(title, { cmd, args }) {
  process.stdout.write(`\n=== ${title} ===\n`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.error) process.stdout.write(`${title}: ${r.error.message}\n`);
  return r.status === 0;
}
function check(title, ok) {
  if (ok) total.passed++;
  else total.failed++;
  process.stdout.write(`${title}: ${ok ? 'ok' : 'FAILED'}\n`);
}
function suite(title, name, ok) {
  const file = join(summaryDir, `${name}.json`);
  if (!existsSync(file)) {
    // The runner died before its reporter wrote anything: count that as one failure.
    total.failed++;
    process.stdout.write(`${title}: no results (runner failed to start)\n`);
    return;
  }
  const c = JSON.parse(readFileSync(file, 'utf8'));
  total.passed += c.passed;
  total.failed += c.failed;
  total.skipped += c.skipped;
  if (!ok && c.failed === 0) total.failed++;
}

const built = step('build (electron-vite)', npx(['electron-vite', 'build']));
check('build', built);
check('typecheck (tsc)', step('typecheck: tsc', npx(['tsc', '--noEmit', '-p', 'tsconfig.json'])));
check('typecheck (svelte-check)', step('typecheck: svelte-check', npx(['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human'])));
suite('vitest', 'vitest', step('unit + golden (vitest)', npx(['vitest', 'run'])));
if (built) suite('playwright', 'playwright', step('e2e (playwright)', npx(['playwright', 'test'])));
else {
  total.failed++;
  process.stdout.write('e2e skipped: the build failed\n');
}

process.stdout.write(`\n${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}\n`);
process.exit(total.failed > 0 ? 1 : 0);

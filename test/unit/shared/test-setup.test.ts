// `npm test` sets itself up (issue 14 item 16): missing Debian packages are installed with one
// announced line where that is allowed (root, or CI=true with sudo), and anywhere else it stops
// at once with the single command to run. Faked here: dpkg-query, apt-get and sudo on a stripped PATH.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import * as setup from '../../../scripts/test-setup.mjs';

interface Plan { kind: 'ready' | 'install' | 'stop'; announce?: string; message?: string; commands?: Array<[string, string[]]> }
const planSetup = setup.planSetup as (o: { missing: string[]; uid: number; ci: boolean; aptGet?: string; sudo?: string }) => Plan;
const missingPackages = setup.missingPackages as (o: { env?: Record<string, string | undefined>; installed?: (name: string) => boolean }) => string[] | undefined;
const SCRIPT = join(import.meta.dirname, '../../../scripts/test-setup.mjs');
const CI_RUN = join(import.meta.dirname, '../../../.ci/run');

describe('planSetup', () => {
  it('does nothing when nothing is missing', () => {
    expect(planSetup({ missing: [], uid: 1000, ci: false })).toEqual({ kind: 'ready' });
  });

  it('installs as root with one announced line', () => {
    const plan = planSetup({ missing: ['chromium', 'python3-torch'], uid: 0, ci: false, aptGet: '/usr/bin/apt-get' });
    expect(plan.kind).toBe('install');
    expect(plan.announce).toBe('test set-up: installing chromium python3-torch (apt-get, as root)');
    expect(plan.commands).toEqual([
      ['/usr/bin/apt-get', ['update', '-qq']],
      ['/usr/bin/apt-get', ['install', '-y', '-qq', 'chromium', 'python3-torch']],
    ]);
  });

  it('installs with sudo under CI=true when not root', () => {
    const plan = planSetup({ missing: ['chromium'], uid: 1000, ci: true, aptGet: '/usr/bin/apt-get', sudo: '/usr/bin/sudo' });
    expect(plan.commands![1]).toEqual(['/usr/bin/sudo', ['/usr/bin/apt-get', 'install', '-y', '-qq', 'chromium']]);
  });

  it('stops with the single command to run anywhere else', () => {
    for (const o of [
      { uid: 1000, ci: false, aptGet: '/usr/bin/apt-get', sudo: '/usr/bin/sudo' },
      { uid: 1000, ci: true, aptGet: '/usr/bin/apt-get' },
      { uid: 0, ci: true },
    ]) {
      const plan = planSetup({ missing: ['chromium', 'fonts-noto-cjk'], ...o });
      expect(plan.kind).toBe('stop');
      expect(plan.message).toMatch(/^test set-up: missing chromium, fonts-noto-cjk \(.+\)\. Run this, then npm test again:\n {2}sudo apt-get install -y chromium fonts-noto-cjk$/);
    }
  });
});

describe('missingPackages', () => {
  it('asks dpkg for each package; PLAYWRIGHT_CHROMIUM_PATH stands in for chromium; non-Debian is undefined', () => {
    const installed = (name: string): boolean => !['chromium', 'python3-numpy'].includes(name);
    expect(missingPackages({ env: {}, installed })).toEqual(['chromium', 'python3-numpy']);
    expect(missingPackages({ env: { PLAYWRIGHT_CHROMIUM_PATH: process.execPath }, installed })).toEqual(['python3-numpy']);
    expect(missingPackages({ env: { PATH: '/nonexistent' } })).toBeUndefined();
  });
});

describe('the set-up script on a machine missing packages (fake PATH)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'd2l-setup-'));
    const fake = (name: string, body: string): void => {
      writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(dir, name), 0o755);
    };
    // chromium and python3-torch are missing until apt-get "installs" them.
    fake('dpkg-query', `pkg="$3"; if [ -f "${dir}/installed" ] || { [ "$pkg" != chromium ] && [ "$pkg" != python3-torch ]; }; then printf installed; else echo "dpkg-query: no packages found matching $pkg" >&2; exit 1; fi`);
    fake('apt-get', `echo "$@" >> "${dir}/apt.log"; case "$1" in install) : > "${dir}/installed";; esac`);
    fake('sudo', `echo sudo >> "${dir}/apt.log"; exec "$@"`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (env: Record<string, string>) => spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', env: { PATH: dir, ...env } });

  it('installs what is missing, announced in one line, when it may (CI=true here)', () => {
    const r = run({ CI: 'true' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^test set-up: installing chromium python3-torch \(apt-get, as (root|CI with sudo)\)\n$/);
    const log = readFileSync(join(dir, 'apt.log'), 'utf8').split('\n').filter((l) => l !== 'sudo' && l !== '');
    expect(log).toEqual(['update -qq', 'install -y -qq chromium python3-torch']);
    // Ready now: a second run installs nothing and prints nothing.
    const again = run({ CI: 'true' });
    expect(again.status).toBe(0);
    expect(again.stdout).toBe('');
  });

  it('stops at once with the command to run when apt-get is not there to use', () => {
    rmSync(join(dir, 'apt-get'));
    const r = run({});
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('test set-up: missing chromium, python3-torch (apt-get is not available here). Run this, then npm test again:\n  sudo apt-get install -y chromium python3-torch');
    expect(existsSync(join(dir, 'apt.log'))).toBe(false);
  });
});

describe('.ci/run', () => {
  it('only calls the README test command', () => {
    const lines = readFileSync(CI_RUN, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    expect(lines).toEqual(['set -euo pipefail', 'cd "$(dirname "$0")/.."', 'export CI="${CI:-true}"', 'exec npm test']);
    expect(readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8')).toContain('```sh\nnpm test\n```');
  });
});

// The "same run from a terminal" line must run from the install: a checkout, a package inside a
// project's node_modules, a global install on PATH. The last test pastes the line into a real shell.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliInvocation, packageRoot } from '../../../src/main/cli-invocation';
import { defaultDataDir } from '../../../src/main/data-dir';
import { terminalCommand } from '../../../src/shared/terminal-command';
import { ensureWorkerBuilt } from '../training/build-worker';

const ROOT = resolve(__dirname, '../../..');
const env = { HOME: '/home/me', PATH: '/usr/bin:/bin' };
const defaultDir = defaultDataDir(env, 'linux', '/home/me');

function fakePackage(dir: string): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'd2l-workbench' }));
  writeFileSync(join(dir, 'bin', 'd2l-workbench.cjs'), '#!/usr/bin/env node\n');
  return dir;
}

describe('how this install runs its CLI', () => {
  it('finds the package folder from the bundle\'s own path', () => {
    expect(packageRoot(join(ROOT, 'out', 'main', 'cli.js'))).toBe(ROOT);
    expect(packageRoot(join(ROOT, 'src', 'main', 'cli-invocation.ts'))).toBe(ROOT);
  });

  it('a checkout: npx from the checkout', () => {
    const root = fakePackage(mkdtempSync(join(tmpdir(), 'd2l-checkout-')));
    expect(cliInvocation({ dataDir: join('/home/me', '.config', 'd2l-workbench'), root, env, platform: 'linux', home: '/home/me' })).toEqual({
      command: 'npx d2l-workbench', cwd: root, shell: 'posix',
    });
  });

  it('a package in a project\'s node_modules: npx from the project', () => {
    const project = mkdtempSync(join(tmpdir(), 'd2l-project-'));
    const root = fakePackage(join(project, 'node_modules', 'd2l-workbench'));
    expect(cliInvocation({ dataDir: defaultDir, root, env, platform: 'linux', home: '/home/me' })).toMatchObject({ command: 'npx d2l-workbench', cwd: project });
  });

  it('a global install whose bin is on PATH: the bare command, from anywhere', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'd2l-global-'));
    const root = fakePackage(join(prefix, 'lib', 'node_modules', 'd2l-workbench'));
    mkdirSync(join(prefix, 'bin'));
    symlinkSync(join(root, 'bin', 'd2l-workbench.cjs'), join(prefix, 'bin', 'd2l-workbench'));
    const inv = cliInvocation({ dataDir: defaultDir, root, env: { ...env, PATH: `/usr/bin:${join(prefix, 'bin')}` }, platform: 'linux', home: '/home/me' });
    expect(inv).toEqual({ command: 'd2l-workbench', shell: 'posix' });
    // Another install's d2l-workbench on PATH is not this one: npx from the project then.
    const other = fakePackage(mkdtempSync(join(tmpdir(), 'd2l-other-')));
    expect(cliInvocation({ dataDir: defaultDir, root: other, env: { ...env, PATH: join(prefix, 'bin') }, platform: 'linux', home: '/home/me' }).command).toBe('npx d2l-workbench');
  });

  it('names the data folder only when it is not the one the CLI uses by default', () => {
    const root = fakePackage(mkdtempSync(join(tmpdir(), 'd2l-checkout-')));
    expect(cliInvocation({ dataDir: defaultDir, root, env, platform: 'linux', home: '/home/me' }).dataDir).toBeUndefined();
    expect(cliInvocation({ dataDir: '/srv/d2l', root, env, platform: 'linux', home: '/home/me' }).dataDir).toBe('/srv/d2l');
    // Set for the server only: a new terminal would not have it, so the folder is named.
    expect(cliInvocation({ dataDir: '/srv/d2l', root, env: { ...env, D2L_WORKBENCH_DATA: '/srv/d2l' }, platform: 'linux', home: '/home/me' }).dataDir).toBe('/srv/d2l');
  });

  it('the line for this checkout runs in a real shell from another folder', async () => {
    await ensureWorkerBuilt();
    const dataDir = mkdtempSync(join(tmpdir(), 'd2l-cli-data-'));
    const line = terminalCommand(cliInvocation({ dataDir, root: ROOT }), ['runs', 'list', '--json'], { dataDirFlag: true });
    expect(line).toMatch(/^cd .* && npx d2l-workbench runs list --json --data-dir /);
    const out = execFileSync('/bin/sh', ['-c', line], { cwd: tmpdir(), encoding: 'utf8', timeout: 60_000, env: { ...process.env, npm_config_offline: 'true' } });
    expect(JSON.parse(out)).toMatchObject({ runs: [] });
  }, 90_000);
});

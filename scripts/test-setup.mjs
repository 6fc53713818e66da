#!/usr/bin/env node
// The set-up `npm test` does on its own (README "Run all tests"): the Debian packages the tests
// need, and the npm dependencies. Where a package is missing and this process may install it (it
// runs as root, or CI=true with sudo), it installs it, announced in one line; anywhere else it
// stops at once with the single command to run. `.ci/run` is nothing but `npm test` with CI=true.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What the tests need from the system, and why (README keeps the same table). */
export const SYSTEM_PACKAGES = [
  ['chromium', 'end-to-end tests (web mode in Chromium)'],
  ['libopenblas-dev', 'the native BLAS addon'],
  ['g++', 'the native BLAS addon (node-gyp)'],
  ['make', 'the native BLAS addon (node-gyp)'],
  ['python3-torch', 'reading exported files back in PyTorch; golden fixtures'],
  ['python3-numpy', 'reading exported .npz files'],
  ['dataset-fashion-mnist', 'the real Fashion-MNIST for chapters 3.5+'],
  ['fonts-noto-cjk', 'Chinese text in screenshots'],
];

/** The first executable named `name` on PATH, or undefined. */
export function which(name, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * The packages missing here, or `undefined` when this is not a Debian-like system (no dpkg-query):
 * then nothing can be checked or installed the Debian way and the runners report what they lack.
 * `installed(pkg)` is injectable for tests; a Chromium named by PLAYWRIGHT_CHROMIUM_PATH counts as chromium.
 */
export function missingPackages({ env = process.env, installed = dpkgInstalled(env) } = {}) {
  if (!installed) return undefined;
  const chromiumOverride = env.PLAYWRIGHT_CHROMIUM_PATH && existsSync(env.PLAYWRIGHT_CHROMIUM_PATH);
  return SYSTEM_PACKAGES.map(([name]) => name).filter((name) => !(name === 'chromium' && chromiumOverride) && !installed(name));
}

function dpkgInstalled(env) {
  const dpkgQuery = which('dpkg-query', env.PATH);
  if (!dpkgQuery) return undefined;
  return (name) => {
    const r = spawnSync(dpkgQuery, ['-W', '-f=${db:Status-Status}', name], { encoding: 'utf8', env });
    return r.status === 0 && r.stdout.trim() === 'installed';
  };
}

/**
 * What to do about `missing`: nothing, install (the commands, and the one line announcing them),
 * or stop with the one command the user must run. Pure, for tests.
 */
export function planSetup({ missing, uid, ci, aptGet, sudo }) {
  if (missing.length === 0) return { kind: 'ready' };
  const list = missing.join(' ');
  const command = `sudo apt-get install -y ${list}`;
  const prefix = uid === 0 ? [] : ci && sudo ? [sudo] : undefined;
  if (!aptGet || prefix === undefined) {
    const why = !aptGet ? 'apt-get is not available here' : ci ? 'not root and no sudo' : 'not root (CI=true lets it use sudo)';
    return { kind: 'stop', message: `test set-up: missing ${missing.join(', ')} (${why}). Run this, then npm test again:\n  ${command}` };
  }
  const run = (args) => (prefix.length ? [prefix[0], [aptGet, ...args]] : [aptGet, args]);
  return {
    kind: 'install',
    announce: `test set-up: installing ${list} (apt-get, as ${uid === 0 ? 'root' : 'CI with sudo'})`,
    commands: [run(['update', '-qq']), run(['install', '-y', '-qq', ...missing])],
  };
}

/** Makes the system ready or exits: 0 ready (possibly after installing), 1 stopped. */
export function ensureSystemPackages({ env = process.env, log = (l) => process.stdout.write(`${l}\n`), fail = (l) => process.stderr.write(`${l}\n`) } = {}) {
  const missing = missingPackages({ env });
  if (missing === undefined) {
    log('test set-up: not a Debian system (no dpkg-query); system packages are not checked — see README "Run all tests"');
    return 0;
  }
  const plan = planSetup({
    missing,
    uid: typeof process.getuid === 'function' ? process.getuid() : -1,
    ci: env.CI === 'true' || env.CI === '1',
    aptGet: which('apt-get', env.PATH),
    sudo: which('sudo', env.PATH),
  });
  if (plan.kind === 'ready') return 0;
  if (plan.kind === 'stop') {
    fail(plan.message);
    return 1;
  }
  log(plan.announce);
  for (const [cmd, args] of plan.commands) {
    // Quiet unless it fails: then everything apt said is shown.
    const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (r.status !== 0) {
      fail(`${r.stdout ?? ''}${r.stderr ?? ''}test set-up: \`${[cmd, ...args].join(' ')}\` failed (${r.error?.message ?? `exit code ${r.status}`})`);
      return 1;
    }
  }
  const still = missingPackages({ env });
  if (still && still.length > 0) {
    fail(`test set-up: still missing after apt-get: ${still.join(', ')}`);
    return 1;
  }
  return 0;
}

/** `npm ci` when node_modules was never installed (a fresh clone); 0 when ready. */
export function ensureNodeModules({ root, env = process.env, log = (l) => process.stdout.write(`${l}\n`) }) {
  if (existsSync(join(root, 'node_modules', '.package-lock.json'))) return 0;
  log('test set-up: installing the npm dependencies (npm ci)');
  const npm = process.env.npm_execpath;
  const [cmd, args] = npm ? [process.execPath, [npm, 'ci', '--no-audit', '--no-fund']] : ['npm', ['ci', '--no-audit', '--no-fund']];
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  return r.status === 0 ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(ensureSystemPackages());
}

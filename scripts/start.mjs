#!/usr/bin/env node
// `npm start`: build, then open the desktop app; when Electron cannot run here (no binary, no
// display, crashes at start), say so in one line and serve web mode instead.
// `npm run web` (`--web`): build, then web mode directly. `--port N` and `--data-dir DIR` pass
// through to `d2l-workbench serve`. Quiet by default: the build says one line (its full output only
// when it fails) and the server prints its URL; `--verbose` shows the build and every request.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runQuiet } from './quiet-run.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** An Electron that dies this soon after spawning never really started (missing libs, no display). */
const EARLY_EXIT_MS = 5000;

function fail(message) {
  process.stderr.write(`start: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { web: false, verbose: false, serveArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--web') opts.web = true;
    else if (arg === '--verbose') {
      opts.verbose = true;
      opts.serveArgs.push(arg);
    }
    else if (arg === '--port' || arg === '--data-dir') {
      const value = argv[++i];
      if (value === undefined) fail(`${arg} needs a value`);
      if (arg === '--port' && !(/^\d+$/.test(value) && Number(value) <= 65535)) {
        fail(`--port must be a whole number from 0 to 65535 (0 = any free port), got ${JSON.stringify(value)}`);
      }
      opts.serveArgs.push(arg, value);
    } else fail(`unknown argument ${JSON.stringify(arg)}; usage: node scripts/start.mjs [--web] [--verbose] [--port N] [--data-dir DIR]`);
  }
  return opts;
}

async function build(verbose) {
  const cli = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!existsSync(cli)) fail('electron-vite is not installed; run `npm ci` first');
  const started = Date.now();
  process.stdout.write('Building d2l-workbench…');
  const { code, signal, output } = await runQuiet(process.execPath, [cli, 'build'], { cwd: ROOT, echo: verbose });
  if (code !== 0) {
    process.stdout.write('\n');
    if (!verbose) process.stderr.write(output);
    fail(`electron-vite build failed (${signal ?? `exit code ${code}`})`);
  }
  process.stdout.write(` done in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}

/**
 * The Electron binary path, or the reason there is none. This mirrors what `require('electron')`
 * computes but never calls it: since Electron 42 that require starts a download when the binary
 * is missing, and the launcher must not touch the network.
 */
function findElectron() {
  const pkgDir = join(ROOT, 'node_modules', 'electron');
  if (!existsSync(join(pkgDir, 'package.json'))) return { reason: 'the electron package is not installed' };
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) return { reason: 'its binary was never downloaded: node_modules/electron/path.txt is missing' };
  const binary = override ? join(override, relative || 'electron') : join(pkgDir, 'dist', relative);
  if (!existsSync(binary)) return { reason: `no Electron binary at ${binary}` };
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return { reason: `${binary} is not executable` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display: DISPLAY and WAYLAND_DISPLAY are unset' };
  }
  return { binary };
}

function firstLine(err) {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0].trim();
}

/** Resolves with the exit code, or with a reason string when Electron failed to start at all. */
async function launchElectron(binary) {
  const started = Date.now();
  let child;
  const outcome = await new Promise((resolve) => {
    child = spawn(binary, ['.'], { cwd: ROOT, stdio: 'inherit' });
    child.once('error', (err) => resolve({ reason: firstLine(err) }));
    child.once('exit', (code, signal) => {
      const early = Date.now() - started < EARLY_EXIT_MS;
      if (early && code !== 0) resolve({ reason: `Electron exited at start with ${signal ?? `exit code ${code}`}` });
      else resolve({ code: code ?? 1 });
    });
    forwardSignals(() => child);
  });
  return outcome;
}

function forwardSignals(getChild) {
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      const child = getChild();
      if (child && child.exitCode === null) child.kill(sig);
    });
  }
}

async function startWeb(serveArgs) {
  const cli = join(ROOT, 'out', 'main', 'cli.js');
  let child;
  forwardSignals(() => child);
  const code = await new Promise((resolve) => {
    child = spawn(process.execPath, [cli, 'serve', ...serveArgs], { cwd: ROOT, stdio: 'inherit' });
    child.once('error', (err) => fail(`could not start web mode: ${firstLine(err)}`));
    // Ctrl+C reaches the server through the terminal too: a signal exit here is a normal stop.
    child.once('exit', (c, signal) => resolve(signal ? 0 : (c ?? 1)));
  });
  process.exit(code);
}

const opts = parseArgs(process.argv.slice(2));
await build(opts.verbose);
if (!opts.web) {
  const found = findElectron();
  if (found.binary) {
    const result = await launchElectron(found.binary);
    if (result.reason === undefined) process.exit(result.code);
    found.reason = result.reason;
  }
  process.stdout.write(`Electron is not available here (${found.reason}); starting web mode instead.\n`);
}
await startWeb(opts.serveArgs);

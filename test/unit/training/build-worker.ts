// The worker tests run the built worker (out/main/train-worker.js): build it when it is missing or
// older than any source it bundles. Test files run in parallel, so one build at a time, under a
// lock directory. A vitest globalSetup could do this once for the whole suite.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
export const WORKER_PATH = join(ROOT, 'out/main/train-worker.js');
const LOCK = join(ROOT, 'out/.train-worker-build.lock');
const SOURCES = ['src/main/services/training', 'src/main/experiments', 'src/main/engine', 'src/shared'];
const BUILD_TIMEOUT_MS = 180_000;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function fresh(): boolean {
  const sourcesMtime = Math.max(...SOURCES.map((d) => newestMtime(join(ROOT, d))));
  return existsSync(WORKER_PATH) && statSync(WORKER_PATH).mtimeMs >= sourcesMtime;
}

function tryLock(): boolean {
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    // A lock left by a killed run is older than any build could take.
    const since = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    if (Date.now() - since > BUILD_TIMEOUT_MS) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

export async function ensureWorkerBuilt(): Promise<string> {
  while (!fresh()) {
    if (!tryLock()) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    try {
      if (fresh()) break;
      const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
      const output = (r.stdout + r.stderr).slice(-3000);
      // The main bundle is built first: a failure later (preload, renderer) does not concern the worker.
      if (r.status !== 0 && fresh()) console.warn(`electron-vite build exited ${r.status} after building the worker:\n${output}`);
      else if (r.status !== 0 || !existsSync(WORKER_PATH)) {
        throw new Error(`building the training worker failed (npx electron-vite build, exit ${r.status}):\n${output}`);
      }
      break;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  return WORKER_PATH;
}

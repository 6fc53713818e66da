// Kills a process that is saving runs (SIGKILL, at random moments) and checks that what is left is
// always consistent: every listed run loads with its parameters, no folder is reported broken, and
// cleanupTemp() removes every temp folder/file the killed writer left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunStore } from '../../../src/main/services/runs/store';
import { tempDir } from './helpers';
import { seeded } from '../helpers/seeded';

// 50 kills by default, as issue 5 asks (≈ 10–20 s here); npm run fuzz raises it to 100.
const ITERATIONS = Number(process.env.D2L_CRASH_KILLS ?? 50);
const CHILD = fileURLToPath(new URL('./crash-child.mjs', import.meta.url));
const STORE_SOURCE = fileURLToPath(new URL('../../../src/main/services/runs/store.ts', import.meta.url));
const tmp = tempDir('d2l-crash-');
const dataDir = join(tmp.dir, 'data');
const storeBundle = join(tmp.dir, 'build', 'store.mjs');
afterAll(() => tmp.cleanup());

// The child runs plain Node, so the store is bundled once from source into one ES module.
beforeAll(async () => {
  await build({
    configFile: false,
    logLevel: 'silent',
    ssr: { noExternal: true },
    build: {
      ssr: STORE_SOURCE,
      outDir: join(tmp.dir, 'build'),
      write: true,
      minify: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'store.mjs' } },
    },
  });
  // A Vite build: about a second alone, but past vitest's 10 s hook default on a loaded machine.
}, 120_000);

/** Starts the child, waits until it is saving, then kills it after `delayMs`. */
function killWhileSaving(delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, storeBundle], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code} before the kill: ${stderr}`))));
  });
}

/** Temp folders and files left in runs/; none when the kill landed before runs/ was ever created. */
function temps(runsDir: string): string[] {
  const out: string[] = [];
  if (!existsSync(runsDir)) return out;
  for (const name of readdirSync(runsDir)) {
    if (name.startsWith('.tmp-')) out.push(name);
    else for (const f of readdirSync(join(runsDir, name))) if (f.includes('.tmp-')) out.push(`${name}/${f}`);
  }
  return out;
}

describe('crash safety', () => {
  it('counts no temp leftovers in a data folder whose runs/ was never created (issue 12: the kill can land before the first save)', async () => {
    // The first kill can come before the writer made runs/: that is a clean state, not an error.
    const fresh = new RunStore(join(tmp.dir, 'never-written'));
    expect(temps(fresh.runsDir)).toEqual([]);
    expect(await fresh.cleanupTemp()).toEqual([]);
    expect(await fresh.list()).toEqual({ runs: [], problems: [] });
  });

  it(`leaves only whole runs when the writer is SIGKILLed at random points (${ITERATIONS} kills)`, async () => {
    const store = new RunStore(dataDir);
    const random = seeded(Number(process.env.D2L_CRASH_SEED ?? 12));
    let leftovers = 0;
    let maxRuns = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      // The first kill lands before anything was saved, as it can in any run: runs/ may not exist yet.
      await killWhileSaving(i === 0 ? 0 : Math.floor(random() * 150));
      leftovers += temps(store.runsDir).length;
      await store.cleanupTemp();
      expect(temps(store.runsDir)).toEqual([]);
      const { runs, problems } = await store.list();
      expect(problems).toEqual([]);
      for (const r of runs) {
        const record = await store.get(r.id);
        const { tensors } = await store.getParams(r.id);
        expect(tensors['0.bias']!.data[0]).toBe(record.config.seed);
        expect(tensors['0.weight']!.data.every((x) => x === record.config.seed)).toBe(true);
      }
      maxRuns = Math.max(maxRuns, runs.length);
      // Keep the folder small so every iteration checks a similar amount.
      for (const r of runs.slice(5)) await store.delete(r.id);
    }
    // The kills must have landed mid-write at least sometimes, or the test proves nothing.
    console.info(`crash test: ${ITERATIONS} kills, ${leftovers} temp leftovers cleaned, up to ${maxRuns} runs listed at once`);
    expect(maxRuns).toBeGreaterThan(0);
    expect(leftovers).toBeGreaterThan(0);
  }, 600_000);
});

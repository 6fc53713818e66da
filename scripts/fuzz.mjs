#!/usr/bin/env node
// `npm run fuzz`: the long adversarial runs of issue 9, beyond what `npm test` runs.
//   - test/unit/security/*: property-based fuzzing of every contract request through the real
//     IPC wrapper and the real WebSocket server, run files and bundles, with FUZZ_RUNS=10000 runs
//     per property (npm test: 150), plus the web-mode, fault and static checks;
//   - test/unit/runs/crash.test.ts: the run store SIGKILLed while saving, D2L_CRASH_KILLS=100
//     times (npm test: 20).
//   - test/unit/security/hostile-folder.test.ts: HOSTILE_RUNS=300 random hostile data folders
//     (npm test: 6); prints the event loop's worst delay while the server answers.
// Override with FUZZ_RUNS, D2L_CRASH_KILLS, and FUZZ_SEED=random (default: a fixed seed, so a
// failure replays; fast-check prints the seed and path of any counterexample).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000', D2L_CRASH_KILLS: process.env.D2L_CRASH_KILLS ?? '100' };
env.HOSTILE_RUNS = process.env.HOSTILE_RUNS ?? '300';
process.stdout.write(`fuzz: FUZZ_RUNS=${env.FUZZ_RUNS} per property, D2L_CRASH_KILLS=${env.D2L_CRASH_KILLS}${env.FUZZ_SEED ? `, FUZZ_SEED=${env.FUZZ_SEED}` : ''}\n`);
const r = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'test/unit/security', 'test/unit/runs/crash.test.ts'],
  { cwd: root, env, stdio: 'inherit' },
);
if (r.error) process.stderr.write(`fuzz: could not start vitest: ${r.error.message}\n`);
process.exit(r.status ?? 1);

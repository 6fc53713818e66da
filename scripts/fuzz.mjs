#!/usr/bin/env node
// `npm run fuzz`: the long adversarial runs, beyond what `npm test` runs.
//   - test/unit/security/*: property-based fuzzing of every contract request through the real
//     IPC wrapper and the real WebSocket server, run files and bundles, with FUZZ_RUNS=10000 runs
//     per property (npm test: 150), plus the web-mode, fault and static checks;
//   - test/unit/runs/crash.test.ts: the run store SIGKILLed while saving, D2L_CRASH_KILLS=100
//     times (npm test: 20);
//   - test/unit/security/hostile-folder.test.ts: HOSTILE_RUNS=300 random hostile data folders
//     (npm test: 6); prints the event loop's worst delay while the server answers;
//   - test/golden/engine-diff.test.ts: the engine against PyTorch 1.13 on ENGINE_FUZZ_CASES=5000
//     freshly generated op chains and optimiser runs, evaluated live through /usr/bin/python3
//     (npm test: the 400-case recorded corpus plus 40 live cases); skipped with a message where
//     PyTorch is not installed. ENGINE_FUZZ_REPORT=FILE keeps every differing case.
// `npm run fuzz -- engine` runs only the engine part. Override with FUZZ_RUNS, D2L_CRASH_KILLS,
// ENGINE_FUZZ_CASES, and FUZZ_SEED=N or FUZZ_SEED=random (default: fixed seeds, so a failure
// replays; fast-check prints the seed and path of any counterexample).
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const env = {
  ...process.env,
  FUZZ_RUNS: process.env.FUZZ_RUNS ?? '10000',
  D2L_CRASH_KILLS: process.env.D2L_CRASH_KILLS ?? '100',
  ENGINE_FUZZ_CASES: process.env.ENGINE_FUZZ_CASES ?? '5000',
  HOSTILE_RUNS: process.env.HOSTILE_RUNS ?? '300',
};
const engineOnly = process.argv.includes('engine');
const files = engineOnly
  ? ['test/golden/engine-diff.test.ts']
  : ['test/unit/security', 'test/unit/runs/crash.test.ts', 'test/golden/engine-diff.test.ts'];
process.stdout.write(
  `fuzz: ${engineOnly ? '' : `FUZZ_RUNS=${env.FUZZ_RUNS} per property, D2L_CRASH_KILLS=${env.D2L_CRASH_KILLS}, HOSTILE_RUNS=${env.HOSTILE_RUNS}, `}` +
  `ENGINE_FUZZ_CASES=${env.ENGINE_FUZZ_CASES}${env.FUZZ_SEED ? `, FUZZ_SEED=${env.FUZZ_SEED}` : ''}\n`,
);
const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files], { cwd: root, env, stdio: 'inherit' });
if (r.error) process.stderr.write(`fuzz: could not start vitest: ${r.error.message}\n`);
process.exit(r.status ?? 1);

#!/usr/bin/env node
// Thin launcher: the CLI is built by electron-vite to out/main/cli.js (ES modules) and, for start-up
// speed, to out/main/cli.cjs, which runs through V8's code cache (src/main/cli/code-cache.ts).
// D2L_CODE_CACHE=0 runs the ES module build, as before the cache existed.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const main = (rel) => fileURLToPath(new URL(`../out/main/${rel}`, import.meta.url));
const cjs = main('cli.cjs');
const loader = main('code-cache.cjs');
if (process.env.D2L_CODE_CACHE !== '0' && existsSync(cjs) && existsSync(loader)) {
  createRequire(import.meta.url)(loader).runWithCodeCache(cjs);
} else if (existsSync(main('cli.js'))) {
  await import(new URL('../out/main/cli.js', import.meta.url).href);
} else {
  process.stderr.write('d2l-workbench: not built yet; run `npm run build` in the package folder first\n');
  process.exit(1);
}

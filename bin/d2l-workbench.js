#!/usr/bin/env node
// Thin launcher: the CLI is built by electron-vite to out/main/cli.js.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  process.stderr.write('d2l-workbench: not built yet; run `npm run build` in the package folder first\n');
  process.exit(1);
}
await import(cli.href);

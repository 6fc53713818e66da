#!/usr/bin/env node
'use strict';
// Thin launcher. The CLI is built twice by electron-vite: as ES modules (out/main/cli.js) and as
// CommonJS (out/main/cli.cjs), which this file runs through V8's code cache
// (src/main/cli/code-cache.ts). The launcher itself is CommonJS because an ES module entry makes
// Node start its ES module loader, a cost paid before the first argument is read (issue 15).
// `serve` and `bench` run as ES modules: they run for seconds to minutes, and they import() ES
// modules (the prebuilt experiment list, optional packages), which Node 20 serves to code-cached
// scripts only with a warning. D2L_CODE_CACHE=0 runs every command as ES modules.
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

const main = (file) => join(__dirname, '..', 'out', 'main', file);
const esmOnly = new Set(['serve', 'bench']);
if (process.env.D2L_CODE_CACHE !== '0' && !esmOnly.has(process.argv[2]) && existsSync(main('cli.cjs')) && existsSync(main('code-cache.cjs'))) {
  require(main('code-cache.cjs')).runWithCodeCache(main('cli.cjs'));
} else if (existsSync(main('cli.js'))) {
  import(pathToFileURL(main('cli.js')).href);
} else {
  process.stderr.write('d2l-workbench: not built yet; run `npm run build` in the package folder first\n');
  process.exit(1);
}

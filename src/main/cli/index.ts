// The `d2l-workbench` command (package.json bin → bin/d2l-workbench.cjs → out/main/cli.js).
import * as nodeModule from 'node:module';
import { runCli } from './main';
import { guardStdioWhenUsed, processIo, stdioStreamsUsed } from './io';

guardStdioWhenUsed();

// Node ≥ 22.1 can keep V8's compiled code on disk, so a second `d2l-workbench train` skips most
// of compiling the engine (NODE_COMPILE_CACHE / NODE_DISABLE_COMPILE_CACHE still apply). Node 20
// has no compile cache: nothing to do there. Called before runCli loads the command's modules.
const { enableCompileCache } = nodeModule as { enableCompileCache?: () => unknown };
if (typeof enableCompileCache === 'function') enableCompileCache();

runCli(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
    // The command is done and its output written (processIo writes synchronously): end here rather
    // than let Node free the whole heap first, 5–10 ms of a `train` (issue 15). Output that went
    // through process.stdout or process.stderr may still be queued: then the process ends as usual.
    if (!stdioStreamsUsed()) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`d2l-workbench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

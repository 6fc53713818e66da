// The `d2l-workbench` command (package.json bin → bin/d2l-workbench.js → out/main/cli.js).
import { runCli } from './main';
import { exitQuietlyOnClosedPipe, processIo } from './io';

exitQuietlyOnClosedPipe(process.stdout);
exitQuietlyOnClosedPipe(process.stderr);

runCli(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`d2l-workbench: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

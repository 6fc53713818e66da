// Runs a step whose output only matters when it fails (the build's ~90 lines of asset listings
// before the URL): its stdout and stderr are kept, shown in full if it fails, and dropped if it works.
import { spawn } from 'node:child_process';

/**
 * Resolves `{ code, signal, output }`; `output` is everything the command printed, interleaved.
 * `echo` (verbose) streams it as well.
 */
export function runQuiet(command, args, { cwd, env, echo = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    const keep = (stream) => (chunk) => {
      chunks.push(chunk);
      if (echo) stream.write(chunk);
    };
    child.stdout.on('data', keep(process.stdout));
    child.stderr.on('data', keep(process.stderr));
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

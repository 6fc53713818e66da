// `d2l-workbench runs | head -3`: the reader goes away, the next write gets EPIPE, and the command
// must stop quietly. A real pipe, closed by the reader before the command writes its first byte
// (the shell waits for a marker file the test creates only after closing its end).
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exitQuietlyOnClosedPipe } from '../../../src/main/cli/io';
import { ensureWorkerBuilt } from '../training/build-worker';
import { EventEmitter } from 'node:events';

let cli = '';
beforeAll(async () => {
  cli = join(await ensureWorkerBuilt(), '..', 'cli.js');
}, 240_000);
// The bin launcher runs the CommonJS build through the code cache; cli.js is the ES module build.
const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'd2l-workbench.cjs');

function runIntoClosedPipe(args: string[], dataDir: string, entry = cli): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const marker = join(mkdtempSync(join(tmpdir(), 'd2l-pipe-')), 'go');
  const script = 'while [ ! -e "$MARKER" ]; do sleep 0.02; done; exec "$NODE" "$@"';
  const child = spawn('/bin/sh', ['-c', script, 'sh', entry, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MARKER: marker, NODE: process.execPath, D2L_WORKBENCH_DATA: dataDir },
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  // Close the reading end first; only then may the command start and write.
  child.stdout!.destroy();
  writeFileSync(marker, '');
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stderr })));
}

describe('a closed pipe on stdout', () => {
  const commands = [['--help'], ['experiments'], ['runs'], ['runs', 'list', '--json'], ['notes', 'list'], ['train', 'linreg-concise', '--epochs', '1', '--no-save']];
  for (const args of commands) {
    it(`d2l-workbench ${args.join(' ')} exits 0 without a word (ES modules and the bin launcher)`, async () => {
      for (const entry of [cli, BIN]) {
        const dataDir = mkdtempSync(join(tmpdir(), 'd2l-pipe-data-'));
        const r = await runIntoClosedPipe(args, dataDir, entry);
        expect(r.stderr, entry).toBe('');
        expect(r, entry).toMatchObject({ code: 0, signal: null });
      }
    }, 60_000);
  }
});

describe('exitQuietlyOnClosedPipe', () => {
  it('exits 0 on EPIPE and rethrows any other stream error', () => {
    const stream = new EventEmitter() as unknown as NodeJS.WritableStream;
    const exits: number[] = [];
    exitQuietlyOnClosedPipe(stream, (code) => exits.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('write EIO'), { code: 'EIO' }))).toThrow('write EIO');
  });
});

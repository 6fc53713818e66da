// `train` at a real terminal: the progress bar is drawn on stderr, the epoch lines and the summary
// all arrive, and the exit code is kept, while the CLI decides "terminal or not" without creating
// process.stderr (processIo.isTTY). A pseudo-terminal comes from util-linux's `script`, which
// Debian always has; piped, the same command draws no bar.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin', 'd2l-workbench.cjs');
const SCRIPT = '/usr/bin/script';
const built = existsSync(join(ROOT, 'out', 'main', 'cli.cjs'));
const ready = built && existsSync(SCRIPT);
if (!ready) console.warn(`SKIPPING the terminal output checks: ${built ? `${SCRIPT} (util-linux) is missing` : 'out/main/cli.cjs is missing (run `npm run build`)'}`);

const data = mkdtempSync(join(tmpdir(), 'd2l-tty-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const ARGS = ['train', 'linreg-concise', '--no-save', '--data-dir', data];
const BAR = /\r\x1b\[K|100% epoch 3\/3/;

describe.skipIf(!ready)('train at a terminal', () => {
  it('draws the progress bar, prints every epoch and the summary, and exits 0', () => {
    const command = [process.execPath, BIN, ...ARGS].map(quote).join(' ');
    // -e: script exits with the command's exit code; the typescript file is thrown away.
    const r = spawnSync(SCRIPT, ['-qfec', command, '/dev/null'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(BAR);
    for (const epoch of [1, 2, 3]) expect(r.stdout).toMatch(new RegExp(`epoch ${epoch}, loss \\d`));
    expect(r.stdout).toMatch(/completed in \d+ ms, not saved \(--no-save\)/);
  });

  it('draws no bar when stderr is a pipe', () => {
    const r = spawnSync(process.execPath, [BIN, ...ARGS], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(BAR);
    expect(r.stdout).toMatch(/epoch 3, loss \d/);
  });
});

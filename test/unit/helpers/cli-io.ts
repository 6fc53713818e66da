// Running the CLI inside the test process: an io that keeps what a command printed, the exit code
// the way `d2l-workbench` reports it, and a throw-away --data-dir per test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { CliIo } from '../../../src/main/cli/io';
import { reportCliError } from '../../../src/main/cli/exit-codes';
import { runCli } from '../../../src/main/cli/main';

export interface CapturedIo extends CliIo {
  stdout: string;
  stderr: string;
}

/** An io that keeps stdout and stderr as text; `isTTY` says whether it poses as a terminal. */
export function capturedIo(isTTY = false): CapturedIo {
  const io: CapturedIo = { stdout: '', stderr: '', isTTY, out(t) { io.stdout += t; }, err(t) { io.stderr += t; } };
  return io;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `d2l-workbench ...argv`, run in this process: its exit code and what it printed. */
export async function runCliCaptured(argv: readonly string[], isTTY = false): Promise<CliResult> {
  const io = capturedIo(isTTY);
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/**
 * One subcommand's entry point (`notesCommand`, `runsCommand`…) called directly, its errors turned
 * into an exit code and a message the way runCli does it.
 */
export async function runSubcommand(
  name: string,
  command: (argv: readonly string[], io: CliIo) => Promise<number>,
  argv: readonly string[],
): Promise<CliResult> {
  const io = capturedIo();
  let code: number;
  try {
    code = await command(argv, io);
  } catch (err) {
    code = reportCliError(name, err, (t) => io.err(t));
  }
  return { code, stdout: io.stdout, stderr: io.stderr };
}

export interface CliDataDir {
  /** A fresh temporary folder per test, removed after it. */
  dir: string;
  /** `--data-dir <dir>/data`, to spread into a command line. */
  dd: string[];
}

/** Registers the per-test folder a CLI test points `--data-dir` into; the fields change before each test. */
export function useCliDataDir(prefix: string): CliDataDir {
  const at: CliDataDir = { dir: '', dd: [] };
  beforeEach(() => {
    at.dir = mkdtempSync(join(tmpdir(), prefix));
    at.dd = ['--data-dir', join(at.dir, 'data')];
  });
  afterEach(() => rmSync(at.dir, { recursive: true, force: true }));
  return at;
}

// processIo writes with writeSync rather than through process.stdout (issue 15: creating the
// streams loads modules worth ~9 ms of a `train`). Nothing may be lost or reordered: a short write
// continues where it stopped, a non-blocking pipe (EAGAIN) hands the rest and every later write to
// the stream in order, and a reader that went away (EPIPE) ends the command quietly.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fake = vi.hoisted(() => ({ calls: [] as { fd: number; bytes: Buffer }[], script: [] as (number | string)[], charDevice: false }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  // Each call takes the next scripted step: a byte count to accept, or an errno code to throw.
  const writeSync = ((fd: number, bytes: Uint8Array) => {
    const step = fake.script.shift() ?? bytes.length;
    if (typeof step === 'string') throw Object.assign(new Error(`${step}: fake`), { code: step });
    const n = Math.min(step, bytes.length);
    fake.calls.push({ fd, bytes: Buffer.from(bytes.subarray(0, n)) });
    return n;
  }) as typeof real.writeSync;
  // fd 2 as a character device when a test says so (a terminal, or /dev/null).
  const fstatSync = ((fd: number) => {
    const st = real.fstatSync(fd);
    if (fake.charDevice) st.isCharacterDevice = () => true;
    return st;
  }) as typeof real.fstatSync;
  return { ...real, writeSync, fstatSync, default: { ...real, writeSync, fstatSync } };
});

const { processIo, writeFd } = await import('../../../src/main/cli/io');

let streamed: string[];
beforeEach(() => {
  fake.calls = [];
  fake.script = [];
  streamed = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string) => {
    streamed.push(chunk);
    return true;
  }) as typeof process.stdout.write);
});
afterEach(() => vi.restoreAllMocks());

describe('writeFd', () => {
  it('continues a short write where it stopped, byte for byte (multi-byte characters split between writes)', () => {
    const text = 'epoch 1，线性回归\n';
    fake.script = [5, 1, 4, 9];
    writeFd(1, text);
    expect(fake.calls.map((c) => c.bytes.length)).toEqual([5, 1, 4, 9, Buffer.byteLength(text) - 19]);
    expect(Buffer.concat(fake.calls.map((c) => c.bytes)).toString('utf8')).toBe(text);
    expect(streamed).toEqual([]);
  });

  it('after EAGAIN, sends the unwritten rest and every later write through the stream, in order', () => {
    fake.script = [6, 'EAGAIN'];
    writeFd(1, 'first line\n');
    writeFd(1, 'second line\n');
    expect(fake.calls.map((c) => c.bytes.toString('utf8'))).toEqual(['first ']);
    expect(streamed).toEqual(['line\n', 'second line\n']);
  });

  it('ends quietly with exit code 0 on EPIPE, and throws any other error', () => {
    const exits: number[] = [];
    fake.script = ['EPIPE'];
    writeFd(2, 'x\n', (code) => exits.push(code));
    expect(exits).toEqual([0]);
    fake.script = ['EIO'];
    expect(() => writeFd(2, 'x\n', (code) => exits.push(code))).toThrow('EIO');
    expect(exits).toEqual([0]);
  });
});

describe('processIo.isTTY', () => {
  it('asks the fd, never process.stderr: a created stream would keep the command from ending with process.exit', () => {
    const desc = Object.getOwnPropertyDescriptor(process, 'stderr')!;
    let created = 0;
    Object.defineProperty(process, 'stderr', { ...desc, get: () => { created++; return desc.get ? desc.get.call(process) : desc.value; } });
    fake.charDevice = true;
    try {
      // Under vitest fd 2 is a pipe or a file, never a terminal, even when fstat is told it is a character device.
      expect(processIo.isTTY).toBe(false);
      expect(created).toBe(0);
    } finally {
      fake.charDevice = false;
      Object.defineProperty(process, 'stderr', desc);
    }
  });
});

describe('the CLI ending with process.exit once its command is done', () => {
  const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'd2l-workbench.cjs');
  const built = existsSync(join(import.meta.dirname, '..', '..', '..', 'out', 'main', 'cli.cjs'));

  it.skipIf(!built)('loses nothing of a long output into a pipe, and keeps the exit code', () => {
    const data = mkdtempSync(join(tmpdir(), 'd2l-exit-'));
    const env = { ...process.env, D2L_WORKBENCH_DATA: data };
    const steps = spawnSync(process.execPath, [BIN, 'step', 'linreg-concise', '--steps', '60', '--json'], { encoding: 'utf8', env, maxBuffer: 1 << 26 });
    expect(steps.status).toBe(0);
    expect(steps.stdout.length).toBeGreaterThan(65536); // more than a pipe holds at once
    const lines = steps.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { step: number });
    expect(lines.map((l) => l.step)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const bad = spawnSync(process.execPath, [BIN, 'train', 'no-such-experiment'], { encoding: 'utf8', env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/no-such-experiment/);
  });
});

// The one way the app reads files from the data folder. Anything there may be hostile or odd: a
// FIFO (opening it for reading would block a libuv thread until a writer appears; four of them and
// every request of the process hangs), a socket, a device, a symbolic link, a 1 TB sparse file.
// So every read opens with O_NONBLOCK (a FIFO then opens at once instead of waiting for a writer),
// checks with fstat on the opened descriptor (not on the path, which could change in between) that
// it is a regular file, and refuses anything larger than the caller's cap before allocating.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { fsPromises } from './lazy-builtins';

/** Why a file in the data folder was not read; the message is meant to follow the file's name. */
export class UnreadableFileError extends Error {
  constructor(
    readonly reason: 'not-regular' | 'symlink' | 'too-large',
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

export interface SafeReadOptions {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /**
   * Follow a symbolic link to a regular file (datasets: the system folder may hold links). Off by
   * default: run and note files are read only where they are.
   */
  followSymlinks?: boolean;
}

// O_NONBLOCK and O_NOFOLLOW do not exist on Windows, where FIFOs cannot appear in a folder anyway.
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

function flags(opts: SafeReadOptions): number {
  return constants.O_RDONLY | NONBLOCK | (opts.followSymlinks ? 0 : NOFOLLOW);
}

/** "a FIFO (named pipe)", "a directory", …: what a non-regular file is, for messages. */
export function describeKind(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function check(info: Stats, opts: SafeReadOptions): void {
  if (!info.isFile()) throw new UnreadableFileError('not-regular', `is ${describeKind(info)}, not a regular file`);
  if (info.size > opts.maxBytes) throw new UnreadableFileError('too-large', `is ${info.size} bytes (at most ${opts.maxBytes})`);
}

function translate(err: unknown): unknown {
  // O_NOFOLLOW on a link fails with ELOOP (Linux) or EMLINK (FreeBSD).
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ELOOP' || code === 'EMLINK') return new UnreadableFileError('symlink', 'is a symbolic link');
  // A UNIX socket cannot be opened at all.
  if (code === 'ENXIO' || code === 'EOPNOTSUPP') return new UnreadableFileError('not-regular', 'is a socket or device, not a regular file');
  return err;
}

/** Opens a regular file of at most `maxBytes` for reading; the caller closes the handle. */
export async function openRegular(path: string, opts: SafeReadOptions): Promise<{ handle: FileHandle; info: Stats }> {
  const { open } = await fsPromises();
  let handle: FileHandle;
  try {
    handle = await open(path, flags(opts));
  } catch (err) {
    throw translate(err);
  }
  try {
    const info = await handle.stat();
    check(info, opts);
    return { handle, info };
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/** The whole of a regular file; ENOENT and other system errors pass through with their `code`. */
export async function readRegularFile(path: string, opts: SafeReadOptions): Promise<Uint8Array> {
  const { handle, info } = await openRegular(path, opts);
  try {
    const out = new Uint8Array(info.size);
    let at = 0;
    while (at < out.length) {
      const { bytesRead } = await handle.read(out, at, out.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === out.length ? out : out.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** A regular file as UTF-8 text (invalid sequences become U+FFFD, as readFile's 'utf8' does). */
export async function readRegularText(path: string, opts: SafeReadOptions): Promise<string> {
  const bytes = await readRegularFile(path, opts);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/** readRegularFile for synchronous callers (the training worker's dataset load). */
export function readRegularFileSync(path: string, opts: SafeReadOptions): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, flags(opts));
  } catch (err) {
    throw translate(err);
  }
  try {
    const info = fstatSync(fd);
    check(info, opts);
    const out = new Uint8Array(info.size);
    let at = 0;
    while (at < out.length) {
      const n = readSync(fd, out, at, out.length - at, at);
      if (n === 0) break;
      at += n;
    }
    return at === out.length ? out : out.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

/** Reads a regular file (never through a symlink) of at most `maxBytes`; callers prefix the file name to its errors. */
export function readCapped(path: string, maxBytes: number): Promise<Uint8Array> {
  return readRegularFile(path, { maxBytes });
}

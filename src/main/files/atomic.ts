// Crash-safe writes. A file or folder is written under a temporary name in the same directory,
// flushed to disk (fsync of every file and of the directory), then renamed into place: a rename
// within one file system is atomic, so a crash at any point leaves the old state or the new one.
import { constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsPromises, randomHex } from './lazy-builtins';
import { writeError } from './write-error';

export async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals renames itself.
  if (process.platform === 'win32') return;
  const { open } = await fsPromises();
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Creates `path` (it must not exist), writes and flushes it. */
export async function writeNewFileSynced(path: string, bytes: Uint8Array): Promise<void> {
  const { open } = await fsPromises();
  const handle = await open(path, 'wx', 0o644);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function exists(path: string): Promise<boolean> {
  const { lstat } = await fsPromises();
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/**
 * Writes `files` into `<parent>/<tempName>`, flushes them, then renames the folder to
 * `<parent>/<name>`. Refuses to replace an existing folder. On failure the temp folder is removed.
 */
export async function writeFolderAtomically(parent: string, name: string, tempName: string, files: ReadonlyArray<readonly [string, Uint8Array]>): Promise<void> {
  const temp = join(parent, tempName);
  const dest = join(parent, name);
  const { mkdir, rename, rm } = await fsPromises();
  if (await exists(dest)) throw new Error(`${dest} already exists`);
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp);
  try {
    for (const [file, bytes] of files) await writeNewFileSynced(join(temp, file), bytes);
    await syncDir(temp);
    await rename(temp, dest);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
  await syncDir(parent);
}

/** Temp names carry the writer's pid so a later start can tell abandoned ones from live ones. */
export function tempSuffix(): string {
  return `tmp-${process.pid}-${randomHex(3)}`;
}

/**
 * Creates or replaces the file at `path` atomically: a flushed temp file beside it is renamed over
 * it. Errors name the path; on failure nothing is left behind.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${tempSuffix()}`);
  const { rename, rm } = await fsPromises();
  try {
    await writeNewFileSynced(temp, bytes);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw writeError(path, err);
  }
  await syncDir(dir);
}

/**
 * writeFileAtomically for content produced in pieces: each chunk is written as it comes (so a
 * large export never exists as one buffer), then flushed and renamed into place. `maxBytes` caps
 * what may be written; passing it removes the temp file and throws `tooLarge(size)`'s error.
 */
export async function writeChunksAtomically(
  path: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  options: { maxBytes?: number; tooLarge?: (atLeast: number) => Error; between?: () => Promise<void> | undefined } = {},
): Promise<number> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${tempSuffix()}`);
  let written = 0;
  const { open, rename, rm } = await fsPromises();
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      // Small pieces are gathered so the file is written in blocks of about a megabyte.
      const pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const flush = async (): Promise<void> => {
        if (pendingBytes === 0) return;
        const block = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
        pending.length = 0;
        pendingBytes = 0;
        let at = 0;
        while (at < block.length) at += (await handle.write(block, at, block.length - at)).bytesWritten;
      };
      for await (const chunk of chunks) {
        written += chunk.length;
        if (options.maxBytes !== undefined && written > options.maxBytes) {
          throw options.tooLarge?.(written) ?? new RangeError(`more than ${options.maxBytes} bytes`);
        }
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= 1 << 20) await flush();
        await options.between?.();
      }
      await flush();
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    if (err instanceof RangeError || (err instanceof Error && err.name === 'WorkbenchError')) throw err;
    throw writeError(path, err);
  }
  await syncDir(dir);
  return written;
}

/** True when a process with this pid exists (ours included). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

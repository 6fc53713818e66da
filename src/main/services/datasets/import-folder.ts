// Replacing the imported Fashion-MNIST folder as one step. The four files must agree (60,000 train
// images need 60,000 train labels), so an import never renames files into the live folder one by
// one: it builds a complete new folder beside it and switches. A directory cannot be renamed over a
// non-empty one, so the switch is two renames (live → .old-T, .tmp-T → live); a process killed
// between them leaves both, and recoverInterruptedImport() completes the switch (a .tmp-T that has
// an .old-T twin was finished and flushed before the first rename). A .tmp-T without its twin was
// never switched in and is removed. Either way readers see the old set or the new one, never a mix.
import { basename, dirname, join } from 'node:path';
import { exists, pidAlive, syncDir, writeNewFileSynced } from '../../files/atomic';
import { fsPromises, randomHex } from '../../files/lazy-builtins';
import { CACHE_FILE_NAME } from './cache-file';
import { dataDirFashionFolder } from './files';

const TEMP = /^\.(.+)\.(tmp|old)-(\d+)-([0-9a-f]+)$/;

/** One switch at a time per folder in this process; recovery waits for a switch in flight. */
const locks = new Map<string, Promise<unknown>>();

function withLock<T>(folder: string, work: () => Promise<T>): Promise<T> {
  const before = locks.get(folder) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.catch(() => undefined);
  locks.set(folder, settled);
  void settled.then(() => {
    if (locks.get(folder) === settled) locks.delete(folder);
  });
  return run;
}

/** A temp left by a writer that is gone (or by this process, which holds the lock while it works). */
function abandoned(pid: string): boolean {
  return Number(pid) === process.pid || !pidAlive(Number(pid));
}

async function recover(folder: string): Promise<void> {
  const { readdir, rename, rm } = await fsPromises();
  const parent = dirname(folder);
  const name = basename(folder);
  const names = await readdir(parent).catch(() => [] as string[]);
  const temps = names.map((n) => ({ n, m: TEMP.exec(n) })).filter((t) => t.m && t.m[1] === name && abandoned(t.m[3]!));
  if (temps.length === 0) return;
  const token = (kind: 'tmp' | 'old', n: string): string | undefined => {
    const m = TEMP.exec(n);
    return m && m[2] === kind ? `${m[3]}-${m[4]}` : undefined;
  };
  if (!(await exists(folder))) {
    // Killed between the two renames: the new folder was complete; switch it in.
    const olds = new Set(temps.map((t) => token('old', t.n)).filter((x): x is string => x !== undefined));
    const finished = temps.find((t) => {
      const tk = token('tmp', t.n);
      return tk !== undefined && olds.has(tk);
    });
    const old = temps.find((t) => token('old', t.n) !== undefined);
    if (finished) await rename(join(parent, finished.n), folder);
    else if (old) await rename(join(parent, old.n), folder);
  }
  for (const t of temps) await rm(join(parent, t.n), { recursive: true, force: true });
  await syncDir(parent);
}

/** Completes or undoes an import a killed process left half-switched (cheap when there is none). */
export async function recoverInterruptedImport(dataDir: string): Promise<void> {
  const folder = dataDirFashionFolder(dataDir);
  await withLock(folder, () => recover(folder));
}

/**
 * Makes `folder` hold `files` plus whatever regular files it held before under other names (the
 * other files of the dataset), switching the whole folder at once. `replaces` are names removed
 * from the old set (the other spelling of an imported file). The decoded cache is not carried over.
 */
export async function switchInFolder(folder: string, files: ReadonlyArray<readonly [string, Uint8Array]>, replaces: readonly string[]): Promise<void> {
  await withLock(folder, async () => {
    await recover(folder);
    const { copyFile, link, lstat, mkdir, readdir, rename, rm } = await fsPromises();
    const parent = dirname(folder);
    await mkdir(parent, { recursive: true });
    const token = `${process.pid}-${randomHex(4)}`;
    const temp = join(parent, `.${basename(folder)}.tmp-${token}`);
    const old = join(parent, `.${basename(folder)}.old-${token}`);
    await mkdir(temp);
    try {
      const incoming = new Set([...files.map(([n]) => n), ...replaces, CACHE_FILE_NAME]);
      for (const n of await readdir(folder).catch(() => [] as string[])) {
        if (incoming.has(n) || n.startsWith('.')) continue;
        const from = join(folder, n);
        const info = await lstat(from);
        if (!info.isFile()) continue;
        // A hard link keeps the file's mtime, so the decoded cache's signature still matches it.
        await link(from, join(temp, n)).catch(() => copyFile(from, join(temp, n)));
      }
      for (const [n, bytes] of files) await writeNewFileSynced(join(temp, n), bytes);
      await syncDir(temp);
    } catch (err) {
      await rm(temp, { recursive: true, force: true });
      throw err;
    }
    // The switch. From here on recover() finishes it if the process dies.
    const hadFolder = await exists(folder);
    if (hadFolder) await rename(folder, old);
    await rename(temp, folder);
    await syncDir(parent);
    if (hadFolder) await rm(old, { recursive: true, force: true });
  });
}

// Why a file could not be written, in one sentence that names the file the user asked for (never
// the temp file beside it) and, when a folder is the problem, which folder.
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/** The nearest ancestor of `path` that is missing or not a folder, for the message. */
function blockingFolder(path: string): { folder: string; problem: 'missing' | 'not-a-folder' } | undefined {
  let dir = dirname(path);
  let missing: string | undefined;
  for (;;) {
    let info;
    try {
      info = statSync(dir);
    } catch {
      missing = dir;
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
      continue;
    }
    if (!info.isDirectory()) return { folder: dir, problem: 'not-a-folder' };
    break;
  }
  return missing ? { folder: missing, problem: 'missing' } : undefined;
}

/** An Error for a failed write of `path`, keeping the errno `code` (exit codes are chosen by it). */
export function writeError(path: string, err: unknown): Error {
  const e = err as NodeJS.ErrnoException;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  let reason: string;
  const blocked = code === 'ENOENT' || code === 'ENOTDIR' ? blockingFolder(path) : undefined;
  if (blocked?.problem === 'missing') reason = `the folder ${blocked.folder} does not exist`;
  else if (blocked?.problem === 'not-a-folder') reason = `${blocked.folder} is a file, not a folder`;
  else if (code === 'EACCES' || code === 'EPERM') reason = `no permission to write in ${dirname(path)}`;
  else if (code === 'ENOSPC') reason = 'no space left on the device';
  else if (code === 'EROFS') reason = `${dirname(path)} is on a read-only file system`;
  else if (code === 'EISDIR') reason = `${path} is a folder`;
  else {
    // Node's text without its leading code and without the temp file's name.
    reason = (e instanceof Error ? e.message : String(err)).replace(/^E[A-Z]+: /, '').replace(/,\s*\w+ '[^']*'$/, '');
  }
  const out = new Error(`cannot write ${path}: ${reason}`) as NodeJS.ErrnoException;
  if (code) out.code = code;
  return out;
}

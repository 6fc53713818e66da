// Notes are saved with the run store's atomic write (temp name in the same folder, fsync, rename,
// fsync the folder): a crash or a full disk mid-save leaves the previous version, never half a note.
import { pidAlive, writeFileAtomically } from '../../files/atomic';

export function writeFileAtomic(path: string, text: string): Promise<void> {
  return writeFileAtomically(path, Buffer.from(text, 'utf8'));
}

/**
 * A temp file (`.<name>.tmp-<pid>-<hex>`) whose writer is gone. A live writer's temp, such as the
 * CLI saving while the app starts on the same data folder, is left alone.
 */
export function isAbandonedTemp(name: string): boolean {
  const m = /^\..+\.tmp-(\d+)-[0-9a-f]+$/.exec(name);
  return m !== null && (Number(m[1]) === process.pid || !pidAlive(Number(m[1])));
}

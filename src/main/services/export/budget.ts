// Size budgets and cooperative slicing shared by replies, exports and imports. A budget error is a
// typed contract error (`too-large`) that states the size and the limit; slicing lets the event
// loop run between pieces of long work, so one request never holds it for long.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { WorkbenchError } from '../../../shared/api';

/** Gives the event loop a turn once `sliceMs` of work has passed since the last one. */
export function ticker(sliceMs = 8): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    const now = performance.now();
    if (now - since < sliceMs) return undefined;
    return nextTurn().then(() => {
      since = performance.now();
    });
  };
}

/** "12.3 MiB (12897484 bytes)": readable, with the exact count beside it. */
export function formatBytes(n: number): string {
  const exact = `${n} bytes`;
  if (n < 1024) return exact;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB (${exact})`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB (${exact})`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB (${exact})`;
}

/**
 * "`what` is more than SIZE; `limitWhat` at most LIMIT[: hint]". `atLeast` says the size is a lower
 * bound (the work stopped when it passed the limit, or it was estimated before starting).
 */
export function tooLarge(what: string, size: number, limit: number, opts: { limitWhat?: string; atLeast?: boolean; hint?: string } = {}): WorkbenchError {
  const more = opts.atLeast === false ? '' : 'more than ';
  const hint = opts.hint ? `: ${opts.hint}` : '';
  return new WorkbenchError({
    code: 'too-large',
    message: `${what} is ${more}${formatBytes(size)}; ${opts.limitWhat ?? 'one reply may hold'} at most ${formatBytes(limit)}${hint}`,
  });
}

/** Joins chunks into one buffer, refusing (too-large) past `limit`; yields to the event loop between chunks. */
export async function collectCapped(chunks: Iterable<Uint8Array>, limit: number, refuse: (atLeast: number) => Error): Promise<Uint8Array> {
  const tick = ticker();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const c of chunks) {
    size += c.length;
    if (size > limit) throw refuse(size);
    parts.push(c);
    await tick();
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Buffer.from(base64, 'base64') in slices of whole 4-character groups, with the event loop let
 * run between them: a 60 MB upload decoded in one call holds the loop for a long moment.
 */
export async function decodeBase64Sliced(base64: string, sliceChars = 4 << 20): Promise<Buffer> {
  if (base64.length <= sliceChars) return Buffer.from(base64, 'base64');
  const tick = ticker();
  const parts: Buffer[] = [];
  for (let at = 0; at < base64.length; at += sliceChars) {
    parts.push(Buffer.from(base64.slice(at, at + sliceChars), 'base64'));
    await tick();
  }
  return Buffer.concat(parts);
}

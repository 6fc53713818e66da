// Hostile files for the issue 12 tests, made by the tests themselves (never committed): FIFOs, a
// `.d2lrun` whose small zip hides hundreds of megabytes of parameters, and a guard that turns a
// hang into a failure.
import { execFileSync } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { zipParts } from '../../../src/main/services/export/zip-write';

const made: string[] = [];

/** `mkfifo path`; remembered so releaseFifos() can free a reader the old code left blocked on it. */
export function mkfifo(path: string): string {
  execFileSync('mkfifo', [path]);
  made.push(path);
  return path;
}

/** Opens each FIFO made so far for writing and closes it: a reader blocked in open() gets EOF. */
export function releaseFifos(): void {
  for (const f of made.splice(0)) {
    try {
      closeSync(openSync(f, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // No reader waiting (ENXIO), or already removed.
    }
  }
}

/** Fails when `work` has not settled within `ms`: these tests need an answer, any answer, not a hang. */
export async function answers<T>(work: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms (blocked on a FIFO?)`)), ms);
  });
  try {
    return await Promise.race([work, hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Raw deflate of `head` followed by `repeat` copies of `block`, streamed (never held whole). */
async function deflateRepeated(head: Uint8Array, block: Uint8Array, repeat: number, tail = new Uint8Array(0)): Promise<{ compressed: Buffer; crc: number; size: number }> {
  const out: Buffer[] = [];
  const z = createDeflateRaw({ level: 9 });
  z.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    z.on('end', () => resolve());
    z.on('error', reject);
  });
  let crc = crc32(head);
  z.write(head);
  for (let i = 0; i < repeat; i++) {
    crc = crc32(block, crc);
    if (!z.write(block)) await new Promise((r) => z.once('drain', r));
  }
  crc = crc32(tail, crc);
  z.write(tail);
  z.end();
  await done;
  return { compressed: Buffer.concat(out), crc: crc >>> 0, size: head.length + block.length * repeat + tail.length };
}

/**
 * The bundle of issue 12, item 1: a valid run.json that lists one parameter of shape [values] and
 * a params.safetensors of that many copies of one float, which compresses to almost nothing.
 */
export async function bigParamsBundle(runJson: Record<string, unknown>, values: number): Promise<Uint8Array> {
  const record = { ...runJson, params: [{ name: 'w', shape: [values] }] };
  const header = JSON.stringify({ w: { dtype: 'F32', shape: [values], data_offsets: [0, values * 4] } });
  const padded = header + ' '.repeat((8 - (header.length % 8)) % 8);
  const head = new Uint8Array(8 + padded.length);
  new DataView(head.buffer).setBigUint64(0, BigInt(padded.length), true);
  head.set(new TextEncoder().encode(padded), 8);
  const blockValues = 1 << 18;
  const block = new Uint8Array(new Float32Array(blockValues).fill(0.5).buffer);
  const tail = new Uint8Array(new Float32Array(values % blockValues).fill(0.5).buffer);
  const params = await deflateRepeated(head, block, Math.floor(values / blockValues), tail);
  const json = new TextEncoder().encode(JSON.stringify(record));
  const run = await deflateRepeated(json, new Uint8Array(0), 0);
  return Buffer.concat(
    zipParts(
      [
        { name: 'run.json', chunks: [run.compressed], method: 8, crc: run.crc, size: run.size },
        { name: 'params.safetensors', chunks: [params.compressed], method: 8, crc: params.crc, size: params.size },
      ],
      new Date('2026-01-01T00:00:00Z'),
    ),
  );
}

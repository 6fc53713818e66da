// `.d2lrun` bundles: one zip holding a run folder's run.json and params.safetensors, for sharing a
// run. Importing validates the bundle like any run folder (zip-read.ts refuses hostile archives
// before inflating anything) and recognises a run it already holds, so opening the same bundle
// twice does not duplicate it.
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { promisify } from 'node:util';
import { deflateRaw } from 'node:zlib';
import { RUN_LIMITS, type RunRecord } from '../../../shared/runs';
import { LIMITS } from '../../../shared/schema';
import { encodeSafetensors, safetensorsParts, type DecodedSafetensors } from '../export/safetensors';
import { ticker, tooLarge } from '../export/budget';
import { crcOf, zipParts, type ZipEntryInput } from '../export/zip-write';
import { writeChunksAtomically } from '../../files/atomic';
import { readCapped } from '../../files/safe-read';
import { newRunId } from './ids';
import { PARAMS_FILE, RUN_FILE, RUN_JSON_SHAPE, RunStoreError, paramsMetadata, parseParams, parseRunRecordSliced, serializeRecord } from './load';
import { jsonShapeProblem } from '../../files/json-shape';
import { BundleError, readZipStrictAsync } from './zip-read';
import type { RunStore } from './store';

const deflateRawAsync = promisify(deflateRaw);

export const BUNDLE_EXTENSION = '.d2lrun';

export interface ImportResult {
  id: string;
  /** True when the store already held this run; nothing was written. */
  duplicate: boolean;
}

export async function bundleRun(store: RunStore, id: string, outFile: string): Promise<void> {
  await writeChunksAtomically(outFile, await bundleParts(store, id), { between: ticker() });
}

/** A zip entry deflated on zlib's thread pool (level 6), so a large run never blocks the event loop. */
async function deflated(name: string, chunks: Iterable<Uint8Array>): Promise<ZipEntryInput> {
  const parts = [...chunks];
  const raw = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  const compressed = await deflateRawAsync(raw, { level: 6 });
  return { name, chunks: [compressed], method: 8, crc: crcOf([raw]), size: raw.length };
}

/** The `.d2lrun` zip as pieces to write in order. */
export async function bundleParts(store: RunStore, id: string): Promise<Uint8Array[]> {
  const record = await store.get(id);
  const entries = [await deflated(RUN_FILE, [serializeRecord(record)])];
  if (record.params.length > 0) {
    const params = await store.getParams(id);
    entries.push(await deflated(PARAMS_FILE, safetensorsParts(params.tensors, paramsMetadata(record)).chunks));
  }
  return zipParts(entries, new Date(record.createdAt));
}

/**
 * The `.d2lrun` bytes of a saved run (the UI downloads them), refused with a `too-large` error
 * past `limit` bytes; `d2l-workbench runs bundle` writes any size to a file.
 */
export async function encodeBundle(store: RunStore, id: string, limit: number = LIMITS.downloadBytes): Promise<Uint8Array> {
  const parts = await bundleParts(store, id);
  const size = parts.reduce((n, p) => n + p.length, 0);
  if (size > limit) {
    throw tooLarge(`the bundle of run ${id}`, size, limit, { atLeast: false, limitWhat: 'a download may hold', hint: `write it to a file with \`d2l-workbench runs bundle ${id} --out FILE\`` });
  }
  return Buffer.concat(parts);
}

/** What makes two runs the same run: everything but the id and the user's title, note and pin. */
async function fingerprint(record: RunRecord, params: DecodedSafetensors | undefined): Promise<string> {
  const { id: _id, title: _t, note: _n, pinned: _p, ...core } = record;
  const hash = createHash('sha256').update(JSON.stringify(core));
  const tick = ticker();
  for (const [name, t] of Object.entries(params?.tensors ?? {})) {
    hash.update(`\0${name}\0${t.shape.join(',')}\0`);
    // Hashed in slices: 64 MB of parameters would otherwise hold the event loop for ~200 ms.
    const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    for (let at = 0; at < bytes.length; at += 4 << 20) {
      hash.update(bytes.subarray(at, Math.min(bytes.length, at + (4 << 20))));
      await tick();
    }
  }
  return hash.digest('hex');
}

export async function readBundleBytes(bytes: Uint8Array): Promise<{ record: RunRecord; params: DecodedSafetensors | undefined }> {
  const entries = await readZipStrictAsync(bytes, {
    maxEntries: 8,
    entryBytes: { [RUN_FILE]: RUN_LIMITS.runJsonBytes, [PARAMS_FILE]: RUN_LIMITS.paramsBytes },
    totalBytes: RUN_LIMITS.runJsonBytes + RUN_LIMITS.paramsBytes,
  });
  const runJson = entries.get(RUN_FILE);
  if (!runJson) throw new BundleError(`no ${RUN_FILE} inside`);
  const shape = jsonShapeProblem(runJson, RUN_JSON_SHAPE);
  if (shape) throw new BundleError(`${RUN_FILE} ${shape}`);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(runJson));
  } catch (err) {
    throw new BundleError(`${RUN_FILE} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = await parseRunRecordSliced(data);
  if (!parsed.ok) throw new BundleError(`${RUN_FILE} is invalid: ${parsed.reason}`);
  const record = parsed.record;
  const paramsBytes = entries.get(PARAMS_FILE);
  if (record.params.length === 0) {
    if (paramsBytes) throw new BundleError(`${PARAMS_FILE} is present but ${RUN_FILE} lists no parameters`);
    return { record, params: undefined };
  }
  if (!paramsBytes) throw new BundleError(`${RUN_FILE} lists parameters but ${PARAMS_FILE} is missing`);
  try {
    return { record, params: parseParams(paramsBytes, record) };
  } catch (err) {
    throw new BundleError(err instanceof Error ? err.message : String(err));
  }
}

async function findSameRun(store: RunStore, record: RunRecord, print: string): Promise<string | undefined> {
  const { runs } = await store.list();
  for (const r of runs) {
    if (r.createdAt !== record.createdAt || r.experiment !== record.experiment) continue;
    const other = await store.get(r.id);
    const params = other.params.length > 0 ? await store.getParams(r.id) : undefined;
    if ((await fingerprint(other, params)) === print) return r.id;
  }
  return undefined;
}

export async function importBundleFile(store: RunStore, file: string): Promise<ImportResult> {
  const info = await lstat(file).catch((err: NodeJS.ErrnoException) => {
    throw new RunStoreError('not-found', `cannot read bundle ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  });
  if (!info.isFile()) throw new BundleError(`${file} is not a regular file`);
  if (info.size > RUN_LIMITS.bundleBytes) throw new BundleError(`${file} is ${info.size} bytes (at most ${RUN_LIMITS.bundleBytes})`);
  return importBundleBytes(store, await readCapped(file, RUN_LIMITS.bundleBytes));
}

/** Imports bundle bytes (an upload, or a file's contents), validated like any run folder. */
export async function importBundleBytes(store: RunStore, bytes: Uint8Array): Promise<ImportResult> {
  if (bytes.length > RUN_LIMITS.bundleBytes) throw new BundleError(`the bundle is ${bytes.length} bytes (at most ${RUN_LIMITS.bundleBytes})`);
  const { record, params } = await readBundleBytes(bytes);
  const print = await fingerprint(record, params);
  const same = await findSameRun(store, record, print);
  if (same) return { id: same, duplicate: true };
  // Keep the bundle's id unless a different run already has it here.
  const taken = await store.get(record.id).then(() => true, (err: unknown) => !(err instanceof RunStoreError && err.code === 'not-found'));
  const imported: RunRecord = { ...record, id: taken ? newRunId() : record.id };
  await store.writeRun(imported, params ? encodeSafetensors(params.tensors, paramsMetadata(imported)) : undefined);
  return { id: imported.id, duplicate: false };
}

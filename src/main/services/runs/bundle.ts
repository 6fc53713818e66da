// `.d2lrun` bundles: one zip holding a run folder's run.json and params.safetensors, for sharing a
// run. Importing validates the bundle like any run folder (zip-read.ts refuses hostile archives
// before inflating anything) and recognises a run it already holds, so opening the same bundle
// twice does not duplicate it.
import { createHash } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { zipSync } from 'fflate';
import { RUN_LIMITS, parseRunRecord, type RunRecord } from '../../../shared/runs';
import { encodeSafetensors, type DecodedSafetensors } from '../export/safetensors';
import { readCapped, writeFileAtomically } from '../../files/atomic';
import { newRunId } from './ids';
import { PARAMS_FILE, RUN_FILE, RunStoreError, paramsMetadata, parseParams, serializeRecord } from './load';
import { BundleError, readZipStrict } from './zip-read';
import type { RunStore } from './store';

export const BUNDLE_EXTENSION = '.d2lrun';

export interface ImportResult {
  id: string;
  /** True when the store already held this run; nothing was written. */
  duplicate: boolean;
}

export async function bundleRun(store: RunStore, id: string, outFile: string): Promise<void> {
  await writeFileAtomically(outFile, await encodeBundle(store, id));
}

/** The `.d2lrun` bytes of a saved run (the UI downloads them; the CLI writes them to a file). */
export async function encodeBundle(store: RunStore, id: string): Promise<Uint8Array> {
  const record = await store.get(id);
  const files: Record<string, Uint8Array> = { [RUN_FILE]: serializeRecord(record) };
  if (record.params.length > 0) {
    const params = await store.getParams(id);
    files[PARAMS_FILE] = encodeSafetensors(params.tensors, paramsMetadata(record));
  }
  return zipSync(files, { level: 6, mtime: new Date(record.createdAt) });
}

/** What makes two runs the same run: everything but the id and the user's title, note and pin. */
function fingerprint(record: RunRecord, params: DecodedSafetensors | undefined): string {
  const { id: _id, title: _t, note: _n, pinned: _p, ...core } = record;
  const hash = createHash('sha256').update(JSON.stringify(core));
  for (const [name, t] of Object.entries(params?.tensors ?? {})) {
    hash.update(`\0${name}\0${t.shape.join(',')}\0`);
    hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  return hash.digest('hex');
}

export function readBundleBytes(bytes: Uint8Array): { record: RunRecord; params: DecodedSafetensors | undefined } {
  const entries = readZipStrict(bytes, {
    maxEntries: 8,
    entryBytes: { [RUN_FILE]: RUN_LIMITS.runJsonBytes, [PARAMS_FILE]: RUN_LIMITS.paramsBytes },
    totalBytes: RUN_LIMITS.runJsonBytes + RUN_LIMITS.paramsBytes,
  });
  const runJson = entries.get(RUN_FILE);
  if (!runJson) throw new BundleError(`no ${RUN_FILE} inside`);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(runJson));
  } catch (err) {
    throw new BundleError(`${RUN_FILE} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = parseRunRecord(data);
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
    if (fingerprint(other, params) === print) return r.id;
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
  const { record, params } = readBundleBytes(bytes);
  const print = fingerprint(record, params);
  const same = await findSameRun(store, record, print);
  if (same) return { id: same, duplicate: true };
  // Keep the bundle's id unless a different run already has it here.
  const taken = await store.get(record.id).then(() => true, (err: unknown) => !(err instanceof RunStoreError && err.code === 'not-found'));
  const imported: RunRecord = { ...record, id: taken ? newRunId() : record.id };
  await store.writeRun(imported, params ? encodeSafetensors(params.tensors, paramsMetadata(imported)) : undefined);
  return { id: imported.id, duplicate: false };
}

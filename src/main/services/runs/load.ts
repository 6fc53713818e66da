// Reading one run folder. Everything on disk is untrusted: files are read without following
// symlinks and with size caps, run.json is schema-validated and must name its own folder, and
// params.safetensors is decoded strictly and must match the record's index.
import { join } from 'node:path';
import { RUN_LIMITS, parseRunRecord, type RunRecord } from '../../../shared/runs';
import { decodeSafetensors, type DecodedSafetensors } from '../export/safetensors';
import { readCapped } from '../../files/safe-read';

export const RUN_FILE = 'run.json';
export const PARAMS_FILE = 'params.safetensors';

export class RunStoreError extends Error {
  constructor(
    readonly code: 'not-found' | 'invalid-id' | 'corrupt' | 'no-params' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'RunStoreError';
  }
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'is missing';
  if (e.code === 'ELOOP' || e.code === 'EMLINK') return 'is a symbolic link';
  return e instanceof Error ? e.message : String(err);
}

/** Parses run.json bytes as a record for folder `id`; throws RunStoreError('corrupt') naming the problem. */
export function parseRunJson(bytes: Uint8Array, id: string): RunRecord {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new RunStoreError('corrupt', `${RUN_FILE} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = parseRunRecord(data);
  if (!parsed.ok) throw new RunStoreError('corrupt', `${RUN_FILE} is invalid: ${parsed.reason}`);
  if (parsed.record.id !== id) throw new RunStoreError('corrupt', `${RUN_FILE} says id "${parsed.record.id}" but lives in folder "${id}"`);
  return parsed.record;
}

export async function readRecord(folder: string, id: string): Promise<RunRecord> {
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(join(folder, RUN_FILE), RUN_LIMITS.runJsonBytes);
  } catch (err) {
    throw new RunStoreError('corrupt', `${RUN_FILE} ${describe(err)}`);
  }
  return parseRunJson(bytes, id);
}

/** Checks decoded params against the record's index: same names, same shapes. */
export function checkParamsMatch(record: RunRecord, decoded: DecodedSafetensors): void {
  const names = Object.keys(decoded.tensors);
  if (names.length !== record.params.length) {
    throw new RunStoreError('corrupt', `${PARAMS_FILE} holds ${names.length} tensors but ${RUN_FILE} lists ${record.params.length}`);
  }
  for (const p of record.params) {
    const t = decoded.tensors[p.name];
    if (!t) throw new RunStoreError('corrupt', `${PARAMS_FILE} lacks tensor ${p.name} listed in ${RUN_FILE}`);
    if (t.shape.join() !== p.shape.join() || t.shape.length !== p.shape.length) {
      throw new RunStoreError('corrupt', `${PARAMS_FILE} tensor ${p.name} has shape [${t.shape.join(', ')}], ${RUN_FILE} says [${p.shape.join(', ')}]`);
    }
  }
}

export function parseParams(bytes: Uint8Array, record: RunRecord): DecodedSafetensors {
  let decoded: DecodedSafetensors;
  try {
    decoded = decodeSafetensors(bytes);
  } catch (err) {
    throw new RunStoreError('corrupt', `${PARAMS_FILE}: ${err instanceof Error ? err.message : String(err)}`);
  }
  checkParamsMatch(record, decoded);
  return decoded;
}

export async function readParams(folder: string, record: RunRecord): Promise<DecodedSafetensors> {
  if (record.params.length === 0) throw new RunStoreError('no-params', `run ${record.id} has no saved parameters`);
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(join(folder, PARAMS_FILE), RUN_LIMITS.paramsBytes);
  } catch (err) {
    throw new RunStoreError('corrupt', `${PARAMS_FILE} ${describe(err)}`);
  }
  return parseParams(bytes, record);
}

export function serializeRecord(record: RunRecord): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(record, null, 2)}\n`);
}

/** Written into params.safetensors' `__metadata__` so the file says where it came from. */
export function paramsMetadata(record: RunRecord): Record<string, string> {
  return {
    format: 'pt',
    run_id: record.id,
    experiment: record.experiment,
    section: record.section,
    seed: String(record.config.seed),
  };
}

// Reading one run folder. Everything on disk is untrusted: files are read without following
// symlinks and with size caps, run.json is schema-validated and must name its own folder, and
// params.safetensors is decoded strictly and must match the record's index.
import { join } from 'node:path';
import { RUN_LIMITS, parseRunRecord, type Metric, type RunRecord } from '../../../shared/runs';
import { jsonShapeProblem } from '../../files/json-shape';
import { ticker } from '../export/budget';
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

/**
 * Shape limits checked on run.json's bytes before it is parsed (files/json-shape.ts). The book's
 * longest runs hold about 230,000 values (200,000 step losses, 5,000 epochs) nested 5 deep.
 */
export const RUN_JSON_SHAPE = { maxDepth: 16, maxValues: 400_000 } as const;

/** Step losses checked per slice before the event loop gets a turn. */
const LOSSES_SLICE = 20_000;

/**
 * Validates untrusted run.json data like parseRunRecord, but the step losses (up to 200,000, most
 * of the work) are checked in slices with the event loop let run between them, and only the rest
 * of the record goes through the schema at once.
 */
export async function parseRunRecordSliced(data: unknown): Promise<ReturnType<typeof parseRunRecord>> {
  const steps = typeof data === 'object' && data !== null ? (data as { steps?: unknown }).steps : undefined;
  const losses = typeof steps === 'object' && steps !== null ? (steps as { losses?: unknown }).losses : undefined;
  if (!Array.isArray(losses)) return parseRunRecord(data);
  if (losses.length > RUN_LIMITS.maxSteps) return { ok: false, reason: `steps.losses: at most ${RUN_LIMITS.maxSteps} steps` };
  const tick = ticker();
  for (let at = 0; at < losses.length; at += LOSSES_SLICE) {
    const end = Math.min(losses.length, at + LOSSES_SLICE);
    for (let i = at; i < end; i++) {
      const x: unknown = losses[i];
      if (x !== null && !(typeof x === 'number' && Number.isFinite(x))) {
        return { ok: false, reason: `steps.losses.${i}: must be a finite number or null, got ${JSON.stringify(x)?.slice(0, 40) ?? typeof x}` };
      }
    }
    await tick();
  }
  const rest = parseRunRecord({ ...(data as object), steps: { ...(steps as object), losses: [] } });
  if (rest.ok) rest.record.steps.losses = losses as Metric[];
  return rest;
}

/** Parses run.json bytes as a record for folder `id`; throws RunStoreError('corrupt') naming the problem. */
export async function parseRunJson(bytes: Uint8Array, id: string): Promise<RunRecord> {
  const shape = jsonShapeProblem(bytes, RUN_JSON_SHAPE);
  if (shape) throw new RunStoreError('corrupt', `${RUN_FILE} ${shape}`);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new RunStoreError('corrupt', `${RUN_FILE} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = await parseRunRecordSliced(data);
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
  return await parseRunJson(bytes, id);
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

// The runs.* requests over the run store. Store and bundle errors become typed contract errors
// with their messages kept, so the UI can show exactly what the CLI would print.
import { basename } from 'node:path';
import { WorkbenchError, type ErrorCode, type FilePayload } from '../../shared/api';
import { LIMITS } from '../../shared/schema';
import { decodeBase64Sliced, ticker } from '../services/export/budget';
import { elementCount } from '../services/export/tensors';
import type { ParamMap } from '../../shared/training';
import type { Handlers } from '../dispatch';
import { EXPORT_EXTENSIONS, encodeRunExport } from '../services/export/export-run';
import { BUNDLE_EXTENSION, encodeBundle, importBundleBytes } from '../services/runs/bundle';
import { RunStoreError } from '../services/runs/load';
import type { RunStore } from '../services/runs/store';
import { BundleError } from '../services/runs/zip-read';

type RunsHandlers = Pick<Handlers, 'runs.list' | 'runs.get' | 'runs.params' | 'runs.update' | 'runs.delete' | 'runs.export' | 'runs.bundle' | 'runs.import'>;

export interface RunsContext {
  runs: RunStore;
  /** Moves a folder to the OS trash (Electron); without it, deleted runs are removed. */
  trash?: (folder: string) => Promise<void>;
}

const STORE_CODES: Record<RunStoreError['code'], ErrorCode> = {
  'not-found': 'not-found',
  'invalid-id': 'invalid-payload',
  invalid: 'invalid-payload',
  corrupt: 'internal',
  'no-params': 'not-found',
};

function typed(err: unknown): never {
  if (err instanceof RunStoreError) throw new WorkbenchError({ code: STORE_CODES[err.code], message: err.message });
  if (err instanceof BundleError) throw new WorkbenchError({ code: 'invalid-payload', message: err.message });
  throw err;
}

async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    return typed(err);
  }
}

/** A download as base64, encoded in slices (whole groups of 3 bytes) so a large file never holds the event loop. */
async function file(fileName: string, bytes: Uint8Array): Promise<FilePayload> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tick = ticker();
  const parts: string[] = [];
  const slice = 3 * (1 << 20);
  for (let at = 0; at < buf.length; at += slice) {
    parts.push(buf.toString('base64', at, Math.min(buf.length, at + slice)));
    await tick();
  }
  return { fileName, base64: parts.join('') };
}

export function createRunsHandlers(ctx: RunsContext): RunsHandlers {
  const { runs } = ctx;
  return {
    'runs.list': () => guarded(() => runs.list()),
    'runs.get': ({ id }) => guarded(() => runs.get(id)),
    'runs.params': ({ id }) =>
      guarded(async () => {
        // Checked on the index, before the parameters are read: a run whose values cannot fit one
        // reply is refused with both counts, instead of building an array that kills the process.
        const record = await runs.get(id);
        const values = record.params.reduce((n, p) => n + elementCount(p.shape), 0);
        if (values > LIMITS.paramValuesPerReply) {
          throw new WorkbenchError({
            code: 'too-large',
            message: `run ${id} has ${values} parameter values; one reply may hold at most ${LIMITS.paramValuesPerReply}: export it to a file with \`d2l-workbench export ${id} --format safetensors --out FILE\``,
          });
        }
        const { tensors } = await runs.getParams(id);
        const out: ParamMap = {};
        const tick = ticker();
        for (const [name, t] of Object.entries(tensors)) {
          out[name] = { shape: [...t.shape], data: Array.from(t.data) };
          await tick();
        }
        return out;
      }),
    'runs.update': ({ id, patch }) => guarded(() => runs.update(id, patch)),
    'runs.delete': ({ id }) =>
      guarded(async () => {
        // A run that cannot be loaded (the list shows it as a problem) is deleted the same way.
        await runs.delete(id, ctx.trash);
        return null;
      }),
    'runs.export': ({ id, format }) =>
      guarded(async () => {
        try {
          return await file(`${id}${EXPORT_EXTENSIONS[format]}`, await encodeRunExport(runs, id, format));
        } catch (err) {
          if (err instanceof RunStoreError || err instanceof WorkbenchError) throw err;
          throw new WorkbenchError({ code: 'invalid-payload', message: err instanceof Error ? err.message : String(err) });
        }
      }),
    'runs.bundle': ({ id }) => guarded(async () => file(`${id}${BUNDLE_EXTENSION}`, await encodeBundle(runs, id))),
    'runs.import': ({ fileName, base64 }) =>
      guarded(async () => {
        const bytes = await decodeBase64Sliced(base64);
        if (bytes.length === 0) throw new WorkbenchError({ code: 'invalid-payload', message: `${basename(fileName)} is empty` });
        return importBundleBytes(runs, bytes);
      }),
  };
}

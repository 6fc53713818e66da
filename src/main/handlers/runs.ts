// The runs.* requests over the run store. Store and bundle errors become typed contract errors
// with their messages kept, so the UI can show exactly what the CLI would print.
import { basename } from 'node:path';
import { WorkbenchError, type ErrorCode, type FilePayload } from '../../shared/api';
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

function file(fileName: string, bytes: Uint8Array): FilePayload {
  return { fileName, base64: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') };
}

export function createRunsHandlers(ctx: RunsContext): RunsHandlers {
  const { runs } = ctx;
  return {
    'runs.list': () => guarded(() => runs.list()),
    'runs.get': ({ id }) => guarded(() => runs.get(id)),
    'runs.params': ({ id }) =>
      guarded(async () => {
        const { tensors } = await runs.getParams(id);
        const out: ParamMap = {};
        for (const [name, t] of Object.entries(tensors)) out[name] = { shape: [...t.shape], data: Array.from(t.data) };
        return out;
      }),
    'runs.update': ({ id, patch }) => guarded(() => runs.update(id, patch)),
    'runs.delete': ({ id }) =>
      guarded(async () => {
        if (ctx.trash) {
          await runs.get(id);
          await ctx.trash(runs.folderOf(id));
        } else {
          await runs.delete(id);
        }
        return null;
      }),
    'runs.export': ({ id, format }) =>
      guarded(async () => {
        try {
          return file(`${id}${EXPORT_EXTENSIONS[format]}`, await encodeRunExport(runs, id, format));
        } catch (err) {
          if (err instanceof RunStoreError || err instanceof WorkbenchError) throw err;
          throw new WorkbenchError({ code: 'invalid-payload', message: err instanceof Error ? err.message : String(err) });
        }
      }),
    'runs.bundle': ({ id }) => guarded(async () => file(`${id}${BUNDLE_EXTENSION}`, await encodeBundle(runs, id))),
    'runs.import': ({ fileName, base64 }) =>
      guarded(async () => {
        const bytes = Buffer.from(base64, 'base64');
        if (bytes.length === 0) throw new WorkbenchError({ code: 'invalid-payload', message: `${basename(fileName)} is empty` });
        return importBundleBytes(runs, bytes);
      }),
  };
}

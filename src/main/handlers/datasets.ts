// datasets.* requests: Fashion-MNIST status, import and samples for the image grid. Every file
// operation is async (gunzip runs on zlib's thread pool), so a 30 MB import never blocks the UI.
import { WorkbenchError, type Payload, type Result } from '../../shared/api';
import { decodeBase64Sliced } from '../services/export/budget';
import { DatasetImportError, DatasetMissingError, datasetStatus, importDataset, samples, type DatasetOptions } from '../services/datasets';

export interface DatasetsContext {
  dataDir: string;
  /** Tests point the search at their own folders. */
  options?: DatasetOptions;
}

type DatasetsHandlers = {
  'datasets.status': (p: Payload<'datasets.status'>) => Promise<Result<'datasets.status'>>;
  'datasets.import': (p: Payload<'datasets.import'>) => Promise<Result<'datasets.import'>>;
  'datasets.samples': (p: Payload<'datasets.samples'>) => Promise<Result<'datasets.samples'>>;
};

function invalid(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  throw new WorkbenchError({ code: 'invalid-payload', message });
}

export function createDatasetsHandlers(ctx: DatasetsContext): DatasetsHandlers {
  const opts = ctx.options ?? {};
  return {
    'datasets.status': () => datasetStatus(ctx.dataDir, opts),
    'datasets.import': async ({ files }) => {
      const decoded: Array<{ name: string; bytes: Uint8Array }> = [];
      for (const f of files) decoded.push({ name: f.fileName, bytes: new Uint8Array(await decodeBase64Sliced(f.base64)) });
      try {
        await importDataset(ctx.dataDir, decoded);
      } catch (err) {
        // A bad file is the caller's input, not an internal failure: say which file and why.
        if (err instanceof DatasetImportError || (err instanceof Error && !('code' in err))) invalid(err);
        throw err;
      }
      return datasetStatus(ctx.dataDir, opts);
    },
    'datasets.samples': async ({ split, indices }) => {
      try {
        return await samples(ctx.dataDir, split, indices, opts);
      } catch (err) {
        if (err instanceof DatasetMissingError) throw new WorkbenchError({ code: 'not-found', message: err.message });
        if (err instanceof RangeError) invalid(err);
        throw err;
      }
    },
  };
}

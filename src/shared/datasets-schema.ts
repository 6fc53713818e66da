// Shapes of the datasets.* requests (structure and size; the files' contents are checked by the
// IDX reader). Apart from datasets.ts so the experiment catalog, which reads the limits, does not
// load valibot (the CLI's train command never validates a request, issue 15).
import * as v from 'valibot';
import type { FilePayload } from './api';
import { DATASET_IMPORT_LIMITS, type DatasetSamplesRequest } from './datasets';

const base64Chars = Math.ceil(DATASET_IMPORT_LIMITS.fileBytes / 3) * 4;

export const datasetImportSchema: v.GenericSchema<unknown, { files: FilePayload[] }> = v.strictObject({
  files: v.pipe(
    v.array(
      v.strictObject({
        fileName: v.pipe(v.string(), v.minLength(1), v.maxLength(255, 'fileName must be at most 255 characters')),
        base64: v.pipe(
          v.string(),
          v.maxLength(base64Chars, `a Fashion-MNIST file is at most ${DATASET_IMPORT_LIMITS.fileBytes} bytes (${base64Chars} base64 characters)`),
          v.regex(/^[A-Za-z0-9+/]*={0,2}$/, 'file contents must be base64'),
        ),
      }),
    ),
    v.minLength(1, 'import at least one file'),
    v.maxLength(DATASET_IMPORT_LIMITS.files, `import at most ${DATASET_IMPORT_LIMITS.files} files at once`),
  ),
});

export const datasetSamplesSchema: v.GenericSchema<unknown, DatasetSamplesRequest> = v.strictObject({
  split: v.picklist(['train', 'test']),
  indices: v.pipe(
    v.array(v.pipe(v.number(), v.integer(), v.minValue(0))),
    v.maxLength(DATASET_IMPORT_LIMITS.samples, `at most ${DATASET_IMPORT_LIMITS.samples} samples per request`),
  ),
});

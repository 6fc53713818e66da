// Fashion-MNIST for chapters 3.5–4.6: finding, checking, importing and loading the four IDX files.
export { FASHION_LABELS } from '../../../shared/datasets';
export { datasetStatus, MISSING_FIX } from './status';
export { importDataset, DatasetImportError, type ImportFile } from './import';
export {
  loadFashionMnist, loadFashionMnistAsync, clearDatasetMemory, datasetMemorySize, DatasetMissingError, missingMessage,
  type FashionMnist, type FashionSplit, type DatasetOptions,
} from './fashion-mnist';
export { samplesOf } from './samples';
export { configureDatasets, datasetConfigForRuns } from './run-config';
export {
  FASHION_FILES, SYSTEM_FASHION_DIR, dataDirFashionFolder, defaultSearchDirs, type SearchDir, type SplitName,
} from './files';
export { CACHE_FILE_NAME } from './cache-file';
export { IMAGE_PIXELS, IMAGE_SIDE, CLASS_COUNT } from './idx';

import type { DatasetSamples, DatasetSplit } from '../../../shared/datasets';
import { loadFashionMnistAsync, type DatasetOptions } from './fashion-mnist';
import { samplesOf } from './samples';

/** datasets.samples: loads (once) and returns the images at `indices` of a split. */
export async function samples(dataDir: string, split: DatasetSplit, indices: readonly number[], opts: DatasetOptions = {}): Promise<DatasetSamples> {
  return samplesOf(await loadFashionMnistAsync(dataDir, opts), split, indices);
}

// Which data directory (and, in tests, which folders) a training run reads Fashion-MNIST from.
// Experiments get no data directory through their context, so the process that runs them says it
// once here: the CLI from --data-dir, the training worker from its input. Unset, it is the default
// data directory (D2L_WORKBENCH_DATA, else the platform's), which is what the app uses.
import { defaultDataDir } from '../../data-dir';
import type { DatasetOptions } from './fashion-mnist';

let configured: { dataDir?: string } & DatasetOptions = {};

export function configureDatasets(config: { dataDir?: string } & DatasetOptions): void {
  configured = { ...config };
}

export function datasetConfigForRuns(): { dataDir: string } & DatasetOptions {
  return { ...configured, dataDir: configured.dataDir ?? defaultDataDir() };
}

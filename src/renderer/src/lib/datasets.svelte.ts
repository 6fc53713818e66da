// Fashion-MNIST as the renderer sees it, over the datasets.* requests: where it was found (or why
// not), importing its files, and images for the grids.
import type { DatasetSamples, DatasetStatus } from '../../../shared/datasets';
import { readFilePayload } from './files';
import { getWorkbench } from './transport';

class Datasets {
  /** Undefined until the first status arrives. */
  status = $state.raw<DatasetStatus>();

  async refresh(): Promise<DatasetStatus> {
    return (this.status = await (await getWorkbench()).invoke('datasets.status', null));
  }

  /** Imports one file (one per request keeps even the 26 MB training images under a message's size cap). */
  async importFile(file: File): Promise<DatasetStatus> {
    return (this.status = await (await getWorkbench()).invoke('datasets.import', { files: [await readFilePayload(file)] }));
  }

  async samples(split: 'train' | 'test', indices: number[]): Promise<DatasetSamples> {
    return (await getWorkbench()).invoke('datasets.samples', { split, indices });
  }
}

export const datasets = new Datasets();

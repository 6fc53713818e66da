// The experiments the main process offers (`experiments.list`): their specs are the catalog the
// renderer's forms validate against and the panels take their plots from.
import type { ExperimentSpec } from '../../../shared/experiment-spec';
import { getWorkbench } from './transport';

class Experiments {
  /** Undefined until the first load. */
  list = $state.raw<ExperimentSpec[]>();

  async load(): Promise<ExperimentSpec[]> {
    const list = await (await getWorkbench()).invoke('experiments.list', null);
    this.list = list;
    return list;
  }

  find(id: string): ExperimentSpec | undefined {
    return this.list?.find((e) => e.id === id);
  }
}

export const experiments = new Experiments();

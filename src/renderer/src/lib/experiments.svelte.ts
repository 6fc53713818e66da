// The experiments the main process offers (`experiments.list`): their specs are the catalog the
// renderer's forms validate against and the panels take their plots from. In web mode the page
// arrives with the list embedded (boot-data.ts), so the first screen shows it before the socket
// is open; the reply then replaces it (the same list, unless the server was rebuilt meanwhile).
import * as v from 'valibot';
import type { ExperimentSpec } from '../../../shared/experiment-spec';
import { experimentListSchema } from '../../../shared/experiment-spec-schema';
import { bootExperiments } from './boot-data';
import { getWorkbench } from './transport';

class Experiments {
  /** Undefined until the first load, unless the page carried the list. */
  list = $state.raw<ExperimentSpec[] | undefined>(bootExperiments());

  async load(): Promise<ExperimentSpec[]> {
    const reply = await (await getWorkbench()).invoke('experiments.list', null);
    const parsed = v.safeParse(experimentListSchema, reply);
    if (!parsed.success) throw new Error(`the experiment list from the workbench is malformed: ${parsed.issues[0].message}`);
    this.list = parsed.output;
    return parsed.output;
  }

  find(id: string): ExperimentSpec | undefined {
    return this.list?.find((e) => e.id === id);
  }
}

export const experiments = new Experiments();

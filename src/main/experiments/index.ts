// The registry: one experiment per book section, in catalog order.
import { EXPERIMENTS } from '../../shared/catalog';
import { linregConcise } from './linreg-concise';
import { linregScratch } from './linreg-scratch';
import { polyfit } from './polyfit';
import type { Experiment } from './types';
import { weightDecay } from './weight-decay';

const ALL: readonly Experiment[] = [linregScratch, linregConcise, polyfit, weightDecay];

const byId = new Map(ALL.map((e) => [e.spec.id, e]));

// Every catalog entry must have its loop (each loop takes its spec from the catalog, so no loop
// can exist without an entry); checked once at load.
for (const spec of EXPERIMENTS) {
  if (!byId.has(spec.id)) throw new Error(`experiment "${spec.id}" is in the catalog but has no implementation`);
}

export function getExperiment(id: string): Experiment | undefined {
  return byId.get(id);
}

export const IMPLEMENTED: readonly Experiment[] = ALL;
export type { Experiment, ExperimentContext } from './types';

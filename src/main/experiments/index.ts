// The registry: one experiment per book section, in catalog order.
import { EXPERIMENTS } from '../../shared/catalog';
import { activations } from './activations';
import { dropout } from './dropout';
import { linregConcise } from './linreg-concise';
import { linregScratch } from './linreg-scratch';
import { mlpConcise } from './mlp-concise';
import { mlpScratch } from './mlp-scratch';
import { polyfit } from './polyfit';
import { softmaxConcise } from './softmax-concise';
import { softmaxScratch } from './softmax-scratch';
import type { Experiment } from './types';
import { weightDecay } from './weight-decay';

const ALL: readonly Experiment[] = [
  linregScratch, linregConcise, softmaxScratch, softmaxConcise, activations, mlpScratch, mlpConcise, polyfit, weightDecay, dropout,
];

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

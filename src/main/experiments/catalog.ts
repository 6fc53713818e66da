// The catalog: every experiment the workbench has, in book order. Adding one is writing its
// definition (see ./define.ts) and listing it here; the CLI, the training service, the renderer
// (through `experiments.list`) and the notes' run cards all read this list.
import type { ExperimentSpec } from '../../shared/experiment-spec';
import { activations } from './activations';
import type { Experiment } from './define';
import { dropout } from './dropout';
import { convChannels } from './conv-channels';
import { convKernel } from './conv-kernel';
import { convShape } from './conv-shape';
import { lenetExperiment } from './lenet';
import { poolingDemo } from './pooling-demo';
import { linregConcise } from './linreg-concise';
import { linregScratch } from './linreg-scratch';
import { mlpConcise } from './mlp-concise';
import { mlpScratch } from './mlp-scratch';
import { polyfit } from './polyfit';
import { softmaxConcise } from './softmax-concise';
import { softmaxScratch } from './softmax-scratch';
import { weightDecay } from './weight-decay';

/** A set of experiments looked up by id; tests build their own with extra entries. */
export class Catalog {
  readonly experiments: readonly Experiment[];
  readonly specs: readonly ExperimentSpec[];
  private readonly byId: ReadonlyMap<string, Experiment>;

  constructor(experiments: readonly Experiment[]) {
    const byId = new Map<string, Experiment>();
    for (const e of experiments) {
      if (byId.has(e.spec.id)) throw new Error(`experiment id "${e.spec.id}" is defined twice`);
      byId.set(e.spec.id, e);
    }
    this.experiments = experiments;
    this.specs = experiments.map((e) => e.spec);
    this.byId = byId;
  }

  get(id: string): Experiment | undefined {
    return this.byId.get(id);
  }

  /** A copy with more experiments (the throwaway ones tests add). */
  with(...more: readonly Experiment[]): Catalog {
    return new Catalog([...this.experiments, ...more]);
  }
}

export const CATALOG = new Catalog([
  linregScratch, linregConcise, softmaxScratch, softmaxConcise, activations, mlpScratch, mlpConcise, polyfit, weightDecay, dropout,
  convKernel, convShape, convChannels, poolingDemo, lenetExperiment,
] as readonly Experiment[]);

export type { Experiment, ExperimentContext } from './define';

// The app's experiments for tests that read specs: the catalog's list and a lookup by id.
import { CATALOG } from '../../../src/main/experiments/catalog';
import type { ExperimentSpec } from '../../../src/shared/experiment-spec';

export const EXPERIMENTS = CATALOG.specs;

export function findExperiment(id: string): ExperimentSpec | undefined {
  return CATALOG.get(id)?.spec;
}

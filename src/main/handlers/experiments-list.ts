// experiments.list on its own, so web mode can answer it with only the catalog loaded (serve.ts).
import type { ExperimentSpec } from '../../shared/experiment-spec';
import type { Catalog } from '../experiments/catalog';

/** Copies: a handler's reply must not share objects with the catalog. */
export function listExperiments(catalog: Catalog): ExperimentSpec[] {
  return catalog.specs.map((e) => structuredClone(e));
}

// The experiment list as the build wrote it beside the built `serve` command
// (electron.vite.config.ts, experimentSpecs): web mode's first screen gets it without waiting for
// the engine and the catalog to load (issue 15).
import type { ExperimentSpec } from '../../shared/experiment-spec';

export const EXPERIMENT_SPECS_FILE = 'experiment-specs.js';

/**
 * Copies of the prebuilt specs, or undefined when there is no such file next to `moduleUrl`
 * (running from source, or a build without it): the caller then asks the catalog.
 */
export async function prebuiltSpecs(moduleUrl: string): Promise<ExperimentSpec[] | undefined> {
  let loaded: { EXPERIMENT_SPECS?: unknown };
  try {
    loaded = (await import(/* @vite-ignore */ new URL(`./${EXPERIMENT_SPECS_FILE}`, moduleUrl).href)) as typeof loaded;
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw err;
  }
  if (!Array.isArray(loaded.EXPERIMENT_SPECS)) throw new Error(`${EXPERIMENT_SPECS_FILE} beside ${moduleUrl} holds no EXPERIMENT_SPECS list`);
  return structuredClone(loaded.EXPERIMENT_SPECS as ExperimentSpec[]);
}

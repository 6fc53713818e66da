// The experiments.* request handlers beyond the list: experiments.program, an experiment's PyTorch
// program with the asked-for hyperparameters.
import { WorkbenchError } from '../../shared/api';
import type { ExperimentProgram, ExperimentProgramRequest } from '../../shared/programs';
import type { Catalog } from '../experiments/catalog';
import { PROGRAM_COMMAND_LINE, PROGRAM_HELPERS, programFor } from '../experiments/program';

export function experimentProgram(catalog: Catalog, req: ExperimentProgramRequest): ExperimentProgram {
  const experiment = catalog.get(req.experiment);
  if (!experiment) throw new WorkbenchError({ code: 'not-found', message: `no experiment "${req.experiment}"` });
  if (experiment.program === undefined) throw new WorkbenchError({ code: 'not-found', message: `experiment ${req.experiment} declares no PyTorch program` });
  const known = new Set(experiment.spec.hyperparameters.map((h) => h.key));
  for (const key of Object.keys(req.hyperparameters ?? {})) {
    if (!known.has(key)) {
      throw new WorkbenchError({ code: 'invalid-payload', message: `${req.experiment} has no hyperparameter "${key}"; it has ${[...known].join(', ') || 'none'}` });
    }
  }
  return {
    experiment: req.experiment,
    program: programFor(experiment, req.hyperparameters, req.seed),
    helpers: PROGRAM_HELPERS,
    commandLine: PROGRAM_COMMAND_LINE,
  };
}

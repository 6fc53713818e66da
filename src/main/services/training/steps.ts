// Step mode's entry point: replays a run from its seed and records steps from..to (book 4.7).
// Runs are deterministic, so step k of a replay is step k of the real run with the same request.
import type { DatasetView, TrainingRequest } from '../../../shared/training';
import type { RunConfig } from '../../../shared/runs';
import type { StepRecord } from '../../../shared/step';
import { CATALOG, type Catalog } from '../../experiments/catalog';
import { stepsPerEpochOf } from '../../experiments/define';
import { validateTrainingRequest } from '../../../shared/training';
import { InvalidTrainingConfig, trainExperiment } from './runner';

export interface StepRun {
  records: StepRecord[];
  stepsPerEpoch: number;
  /** The data view the experiment handed the panels (its scatter, for highlighting the batch). */
  dataset?: DatasetView;
  /** Why the replay ended without every wanted step (a failure, a divergence, a loop without step detail). */
  problem?: string;
}

export function runSteps(
  request: TrainingRequest | RunConfig, range: { from: number; to: number; nodeTensors?: boolean }, catalog: Catalog = CATALOG,
): StepRun {
  const checked = validateTrainingRequest(request, catalog.specs);
  if (!checked.ok) throw new InvalidTrainingConfig(checked.message);
  const experiment = catalog.get(checked.config.experiment)!;
  const records: StepRecord[] = [];
  let dataset: DatasetView | undefined;
  const { summary } = trainExperiment(checked.config, {
    capture: { ...range, onStep: (r) => records.push(r) },
    dataset: (view) => {
      dataset = view;
    },
  }, undefined, catalog);
  const stepsPerEpoch = stepsPerEpochOf(experiment, checked.config.hyperparameters);
  const wanted = range.to - range.from + 1;
  let problem: string | undefined;
  if (summary.status === 'failed' || summary.status === 'diverged') problem = summary.message ?? summary.status;
  else if (records.length < wanted) {
    const total = stepsPerEpoch * (checked.config.hyperparameters.epochs ?? 0);
    problem = range.to > total
      ? `${experiment.spec.id} has ${total} steps with these hyperparameters; step ${range.to} does not exist`
      : `${experiment.spec.id} does not report its steps in detail (its loop passes no StepDetail to ctx.step)`;
  }
  const run: StepRun = { records, stepsPerEpoch };
  if (dataset !== undefined) run.dataset = dataset;
  if (problem !== undefined) run.problem = problem;
  return run;
}

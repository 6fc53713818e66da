// training.step: step mode's replay, in this process (a step of the book's models takes
// milliseconds to a second; the run is replayed from its seed each time).
import { WorkbenchError } from '../../shared/api';
import type { StepView } from '../../shared/step';
import type { TrainingRequest } from '../../shared/training';
import { configureDatasets } from '../services/datasets';
import { InvalidTrainingConfig } from '../services/training';
import { stepView } from '../services/training/step-view';
import { CATALOG, type Catalog } from '../experiments/catalog';

export function stepViewFor(request: TrainingRequest, step: number, ctx: { dataDir: string; catalog?: Catalog }): StepView {
  // Experiments read Fashion-MNIST from the data directory, as the training workers do.
  configureDatasets({ dataDir: ctx.dataDir });
  try {
    return stepView(request, step, ctx.catalog ?? CATALOG);
  } catch (err) {
    if (err instanceof InvalidTrainingConfig) throw new WorkbenchError({ code: 'invalid-payload', message: err.message });
    throw err;
  }
}

// A worker's step job (see StepJob in ./protocol.ts): replay the run to the wanted step on the
// worker's thread and post the panel's view of it, or why it could not be made.
import type { MessagePort } from 'node:worker_threads';
import { setBackend } from '../../engine';
import { configureDatasets } from '../datasets';
import { errorMessage } from '../../../shared/error-message';
import type { Catalog } from '../../experiments/catalog';
import type { StepJob, StepJobMessage } from './protocol';
import { InvalidTrainingConfig } from './runner';
import { stepView } from './step-view';

export function runStepJob(job: StepJob, catalog: Catalog, port: MessagePort): void {
  let m: StepJobMessage;
  try {
    if (job.backend) setBackend(job.backend);
    // Experiments read Fashion-MNIST from the data directory, as training workers do.
    if (job.dataDir) configureDatasets({ dataDir: job.dataDir });
    m = { type: 'step-view', view: stepView(job.request, job.step, catalog) };
  } catch (err) {
    m = { type: 'step-failed', message: errorMessage(err), invalid: err instanceof InvalidTrainingConfig };
  }
  port.postMessage(m);
}

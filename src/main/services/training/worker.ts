// The training worker's body (entry: ./worker-entry.ts, built to out/main/train-worker.js): runs
// one experiment of the catalog it is given and streams its progress. Step losses are batched and
// posted at most every postIntervalMs, epoch metrics with them; the result carries no step losses
// (the main thread has them all by then). The stop flag is shared memory, so a cancel is seen at
// the next step even though this thread never returns to its event loop while training.
import { parentPort, workerData } from 'node:worker_threads';
import type { DatasetView, EpochMetrics } from '../../../shared/training';
import { configureDatasets } from '../datasets';
import { setBackend } from '../../engine';
import { currentBackendLabel } from './backend-label';
import { STOP_INDEX, type WorkerJob, type WorkerMessage } from './protocol';
import { runStepJob } from './step-job';
import { Pacer, stopAwareClock } from './pacer';
import { trainExperiment, type LiveSnapshot } from './runner';
import type { Catalog } from '../../experiments/catalog';

/** Trains the experiment the worker was started for (workerData) and posts its progress and result. */
export function runTrainWorker(catalog: Catalog): void {
  const job = workerData as WorkerJob;
  const port = parentPort;
  if (!port) throw new Error('train-worker must run in a worker thread');
  if ('kind' in job) {
    runStepJob(job, catalog, port);
    return;
  }
  const input = job;

  const post = (m: WorkerMessage): void => port.postMessage(m);
  const stopFlag = new Int32Array(input.stop);

  let stepLosses: number[] = [];
  let epochMetrics: EpochMetrics[] = [];
  let dataset: DatasetView | undefined;
  let step = 0;
  let epoch = 0;
  let lastPost = 0;
  let pacer: Pacer | undefined;

  function flush(snapshot: LiveSnapshot): void {
    const m: WorkerMessage = { type: 'progress', step, epoch, stepLosses, epochMetrics };
    const params = snapshot();
    if (params) m.snapshot = params;
    if (dataset) m.dataset = dataset;
    post(m);
    stepLosses = [];
    epochMetrics = [];
    dataset = undefined;
    lastPost = performance.now();
  }

  if (input.backend) setBackend(input.backend);
  // Fashion-MNIST is read from the data directory the app or `serve --data-dir` uses.
  if (input.dataDir) configureDatasets({ dataDir: input.dataDir });
  const { summary, steps } = trainExperiment(
    input.config,
    {
      begin: ({ totalSteps, stepsPerEpoch }) => {
        if (input.watchMs) pacer = Pacer.over(totalSteps, input.watchMs, stopAwareClock(stopFlag, STOP_INDEX));
        post({ type: 'begin', totalSteps, stepsPerEpoch, backend: currentBackendLabel() });
      },
      dataset: (view) => {
        dataset = view;
      },
      step: (n, loss, snapshot) => {
        step = n;
        stepLosses.push(loss);
        if (performance.now() - lastPost >= input.postIntervalMs) flush(snapshot);
        pacer?.afterStep(n);
      },
      epoch: (metrics, snapshot) => {
        epoch = metrics.epoch;
        epochMetrics.push(metrics);
        // Rate-limited like steps: 4.4's 5000 tiny epochs would otherwise post thousands of
        // messages a second and bury the result (and a Stop) behind them on the main thread.
        if (performance.now() - lastPost >= input.postIntervalMs) flush(snapshot);
      },
    },
    () => Atomics.load(stopFlag, STOP_INDEX) === 1,
    catalog,
  );
  // Whatever is still batched goes out before the result, so the series the UI saw is complete.
  if (stepLosses.length > 0 || epochMetrics.length > 0 || dataset) {
    const m: WorkerMessage = { type: 'progress', step, epoch, stepLosses, epochMetrics };
    if (dataset) m.dataset = dataset;
    post(m);
  }
  port.postMessage({ type: 'result', summary, stepCount: steps.length } satisfies WorkerMessage, Object.values(summary.params).map((p) => p.data.buffer));
}


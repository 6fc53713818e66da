// The training worker's body (entry: ./worker-entry.ts, built to out/main/train-worker.js): runs
// one experiment of the catalog it is given and streams its progress. Step losses are batched and posted at most every postIntervalMs; an epoch's metrics
// are posted the moment the epoch ends. The stop flag is shared memory, so a cancel is seen at
// the next step even though this thread never returns to its event loop while training.
import { parentPort, workerData } from 'node:worker_threads';
import type { DatasetView, EpochMetrics } from '../../../shared/training';
import { configureDatasets } from '../datasets';
import { setBackend } from '../../engine';
import { currentBackendLabel } from './backend-label';
import { STOP_INDEX, type WorkerInput, type WorkerMessage } from './protocol';
import { runExperiment, type LiveSnapshot } from './runner';
import type { Catalog } from '../../experiments/catalog';

/** Trains the experiment the worker was started for (workerData) and posts its progress and result. */
export function runTrainWorker(catalog: Catalog): void {
  const input = workerData as WorkerInput;
  const port = parentPort;
  if (!port) throw new Error('train-worker must run in a worker thread');

  const post = (m: WorkerMessage): void => port.postMessage(m);
  const stopFlag = new Int32Array(input.stop);

  let stepLosses: number[] = [];
  let epochMetrics: EpochMetrics[] = [];
  let dataset: DatasetView | undefined;
  let step = 0;
  let epoch = 0;
  let lastPost = 0;

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
  const summary = runExperiment(
    input.config,
    {
      begin: ({ totalSteps, stepsPerEpoch }) => post({ type: 'begin', totalSteps, stepsPerEpoch, backend: currentBackendLabel() }),
      dataset: (view) => {
        dataset = view;
      },
      step: (n, loss, snapshot) => {
        step = n;
        stepLosses.push(loss);
        if (performance.now() - lastPost >= input.postIntervalMs) flush(snapshot);
      },
      epoch: (metrics, snapshot) => {
        epoch = metrics.epoch;
        epochMetrics.push(metrics);
        flush(snapshot);
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
  post({ type: 'result', summary });
}


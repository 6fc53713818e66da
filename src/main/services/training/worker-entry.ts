// The training worker thread (built to out/main/train-worker.js), over the app's catalog.
import { CATALOG } from '../../experiments/catalog';
import { runTrainWorker } from './worker';

runTrainWorker(CATALOG);

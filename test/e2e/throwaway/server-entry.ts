// A web-mode server wired like `serve`, whose catalog has the test-only throwaway experiment added
// and nothing else changed. Bundled by throwaway-experiment.spec.ts; prints serve's URL line.
// Usage: node server-entry.mjs RENDERER_DIR DATA_DIR WORKER_PATH
import { EventHub } from '../../../src/main/events';
import { createHandlers } from '../../../src/main/handlers';
import { startWebServer } from '../../../src/main/web/server';
import { CATALOG } from '../../../src/main/experiments/catalog';
import { TrainingService } from '../../../src/main/services/training';
import { RunStore } from '../../../src/main/services/runs/store';
import { trainingRecorder } from '../../../src/main/services/runs/record-training';
import { throwaway } from '../../fixtures/throwaway-experiment';

const [rendererDir, dataDir, workerPath] = process.argv.slice(2) as [string, string, string];
const catalog = CATALOG.with(throwaway);
const events = new EventHub();
const runs = new RunStore(dataDir);
const training = new TrainingService({ events, workerPath, dataDir, specs: catalog.specs, record: trainingRecorder(runs) });
const handlers = createHandlers({ dataDir, mode: 'web', systemLang: 'en', catalog, training, runs });
const server = await startWebServer({ port: 0, rendererDir, handlers, events });
process.stdout.write(`d2l-workbench web mode: ${server.url}\n`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));

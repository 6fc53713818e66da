// What scripts/soak.mjs drives, bundled from source by Vite at the start of a soak run: the main
// process's training service, run store, event hub and web server, exactly as `serve` wires them.
export { TrainingService } from '../src/main/services/training';
export { RunStore } from '../src/main/services/runs/store';
export { trainingRecorder } from '../src/main/services/runs/record-training';
export { EventHub } from '../src/main/events';
export { createHandlers } from '../src/main/handlers';
export { startWebServer } from '../src/main/web/server';

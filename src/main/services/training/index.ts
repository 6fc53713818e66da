export { TrainingService, defaultWorkerPath, type TrainingServiceOptions } from './service';
export { runExperiment, InvalidTrainingConfig, type RunSink } from './runner';
export { currentBackendLabel } from './backend-label';
export { newRunId } from './run-id';

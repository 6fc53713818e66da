export { TrainingService, defaultWorkerPath, type TrainingServiceOptions } from './service';
export { runExperiment, InvalidTrainingConfig, LIVE_SNAPSHOT_MAX_PARAMS, type RunSink, type LiveSnapshot } from './runner';
export { currentBackendLabel } from './backend-label';
export { newRunId } from '../runs/ids';

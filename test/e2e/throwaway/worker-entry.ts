// The training worker of the throwaway web-mode server: the app's worker over the catalog with the
// test-only experiment added.
import { CATALOG } from '../../../src/main/experiments/catalog';
import { runTrainWorker } from '../../../src/main/services/training/worker';
import { throwaway } from '../../fixtures/throwaway-experiment';

runTrainWorker(CATALOG.with(throwaway));

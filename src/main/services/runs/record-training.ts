// Turns a finished training run into a saved run, keeping the training run's id so the id the UI
// and CLI showed while it trained is the id it is saved under.
import type { DatasetView } from '../../../shared/training';
import { draftFromTraining, type TrainingResultLike } from './draft';
import type { RunStore } from './store';

export type TrainingRecorder = (finished: { runId: string; summary: TrainingResultLike }, dataset: DatasetView | undefined) => Promise<string>;

export function trainingRecorder(store: RunStore): TrainingRecorder {
  return async (finished, dataset) => {
    const { draft, params } = draftFromTraining(finished.summary, dataset);
    return store.save({ ...draft, id: finished.runId }, params);
  };
}

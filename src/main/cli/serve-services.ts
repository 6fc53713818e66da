// What web mode serves requests with: the run store, the training service, the runs-folder watch
// and the handlers (which bring the engine, the experiment catalog and the notes). `serve` loads
// this module after it listens, so the page's files are already on their way while it loads.
import { createHandlers } from '../handlers';
import type { Handlers } from '../dispatch';
import type { EventHub } from '../events';
import type { Lang } from '../../shared/api';
import { TrainingService } from '../services/training';
import { RunStore } from '../services/runs/store';
import { trainingRecorder } from '../services/runs/record-training';
import { announceRunsChanges } from '../services/runs/watch';

export interface ServeServices {
  handlers: Handlers;
  /** Stops the watch and cancels (and saves) runs in flight. */
  close(): Promise<void>;
}

export async function startServeServices(opts: {
  dataDir: string;
  systemLang: Lang;
  events: EventHub;
  /** Where warnings go (stderr). */
  warn: (line: string) => void;
}): Promise<ServeServices> {
  const runs = new RunStore(opts.dataDir);
  // Before anything trains: the clean-up removes temp folders of this process id too.
  await runs.cleanupTemp();
  const training = new TrainingService({ events: opts.events, dataDir: opts.dataDir, record: trainingRecorder(runs) });
  const runsWatch = await announceRunsChanges(runs, opts.events, opts.warn);
  const handlers = createHandlers({ dataDir: opts.dataDir, mode: 'web', systemLang: opts.systemLang, training, runs });
  return {
    handlers,
    close: async () => {
      runsWatch.close();
      await training.dispose();
    },
  };
}

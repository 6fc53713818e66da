// The request handlers, shared by the Electron and web-mode transports.
import { WorkbenchError, type AppInfo, type Lang } from '../../shared/api';
import type { Handlers } from '../dispatch';
import { backendStatus } from '../engine/backend';
import { APP_NAME } from '../data-dir';
import { VERSION } from '../version';
import type { TrainingService } from '../services/training';
import { createRunsHandlers, type RunsContext } from './runs';
import { createDatasetsHandlers } from './datasets';
import { createNotesHandlers } from './notes';
import { langOfLocale } from '../../shared/sections';
import { RunStore } from '../services/runs/store';
import { CATALOG, type Catalog } from '../experiments/catalog';
import { cliInvocation } from '../cli-invocation';
import type { CliInvocation } from '../../shared/terminal-command';
import { experimentProgram } from './experiments';
import { listExperiments } from './experiments-list';

export interface HandlerContext {
  dataDir: string;
  mode: AppInfo['mode'];
  systemLang: Lang;
  /** Absent in processes that do not train (then training.* requests are refused). */
  training?: TrainingService;
  /** Saved runs; a store over `dataDir` when omitted. */
  runs?: RunStore;
  trash?: RunsContext['trash'];
  /** The experiments `experiments.list` offers (tests add throwaway ones). */
  catalog?: Catalog;
  /** How a terminal runs the CLI; worked out from where this bundle is installed when omitted. */
  cli?: CliInvocation;
}

export function createHandlers(ctx: HandlerContext): Handlers {
  const runsContext: RunsContext = { runs: ctx.runs ?? new RunStore(ctx.dataDir) };
  if (ctx.trash) runsContext.trash = ctx.trash;
  let cli = ctx.cli;
  return {
    'app.info': () => {
      const status = backendStatus();
      const backend: AppInfo['backend'] = { name: status.name, label: status.label };
      if (status.coreName) backend.coreName = status.coreName;
      if (status.fallbackReason) backend.fallbackReason = status.fallbackReason;
      cli ??= cliInvocation({ dataDir: ctx.dataDir });
      return { name: APP_NAME, version: VERSION, backend, dataDir: ctx.dataDir, mode: ctx.mode, systemLang: ctx.systemLang, cli };
    },
    'experiments.list': () => listExperiments(ctx.catalog ?? CATALOG),
    'experiments.program': (payload) => experimentProgram(ctx.catalog ?? CATALOG, payload),
    'training.start': (payload) => ({ runId: training().start(payload) }),
    'training.cancel': ({ runId }) => ({ ok: training().cancel(runId) }),
    'training.list': () => training().list(),
    'training.step': ({ request, step }) => training().replayStep(request, step),
    ...createRunsHandlers(runsContext, ctx.catalog ?? CATALOG),
    ...createDatasetsHandlers({ dataDir: ctx.dataDir }),
    ...createNotesHandlers({ dataDir: ctx.dataDir }),
  };

  function training(): TrainingService {
    if (!ctx.training) throw new WorkbenchError({ code: 'internal', message: 'training is not available in this process' });
    return ctx.training;
  }
}

/** zh when the system locale is Chinese, else en. */
export const systemLangFrom = langOfLocale;

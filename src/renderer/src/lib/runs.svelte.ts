// The saved runs as the sidebar and the compare view see them, over the runs.* requests. The list
// is refreshed after every change, whenever a training run has been saved, and whenever the main
// process sees the runs folder change (`runs.changed`: the CLI or another window saved a run).
import type { ExportFormat, RunListItem, RunPatch, RunProblem, RunRecord } from '../../../shared/runs';
import type { ExperimentProgram, PytorchProjectInfo } from '../../../shared/programs';
import { download, readFilePayload } from './files';
import { savedRunView, type SavedRunView } from './saved-run';
import { getWorkbench } from './transport';
import { experiments } from './experiments.svelte';
import { errorMessage } from '../../../shared/error-message';
import { ALL_RUNS, type RunsFilter } from './runs-view';

class Runs {
  items = $state.raw<RunListItem[]>([]);
  problems = $state.raw<RunProblem[]>([]);
  loaded = $state(false);
  error = $state<string>();
  /** Ids ticked for Compare, in the order they were ticked. */
  compare = $state<string[]>([]);
  /** What the list shows (kept while the sidebar is re-rendered). */
  filter = $state<RunsFilter>({ ...ALL_RUNS });
  /** Experiments whose runs are folded away in the list. */
  collapsed = $state<string[]>([]);
  private refreshing: Promise<void> | undefined;
  private again = false;
  /**
   * Lists requested and the latest one shown. The server answers each request when its handler
   * ends, so replies can cross: an older list must not replace a newer one on screen.
   */
  private listsRequested = 0;
  private listShown = 0;

  /** Refreshes on every `runs.changed`; returns the unsubscribe function. */
  async subscribe(): Promise<() => void> {
    return (await getWorkbench()).on('runs.changed', () => void this.refreshSoon());
  }

  /** A burst of changes lists once more after the list in flight, not once per change. */
  private async refreshSoon(): Promise<void> {
    if (this.refreshing) {
      this.again = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.again = false;
        await this.refresh();
      } while (this.again);
    })().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  toggleCollapsed(experiment: string): void {
    this.collapsed = this.collapsed.includes(experiment) ? this.collapsed.filter((e) => e !== experiment) : [...this.collapsed, experiment];
  }

  async refresh(): Promise<void> {
    const request = ++this.listsRequested;
    try {
      const api = await getWorkbench();
      const list = await api.invoke('runs.list', null);
      if (request < this.listShown) return;
      this.listShown = request;
      // Pinned first, then newest first (the store lists newest first).
      this.items = [...list.runs].sort((a, b) => Number(b.pinned) - Number(a.pinned));
      this.problems = list.problems;
      this.compare = this.compare.filter((id) => list.runs.some((r) => r.id === id));
      this.error = undefined;
      this.loaded = true;
    } catch (err) {
      if (request >= this.listShown) this.error = message(err);
    }
  }

  async open(id: string): Promise<SavedRunView> {
    const api = await getWorkbench();
    const record = await api.invoke('runs.get', { id });
    const params = record.params.length > 0 ? await api.invoke('runs.params', { id }) : undefined;
    return savedRunView(record, params, experiments.find(record.experiment));
  }

  async get(id: string): Promise<RunRecord> {
    return (await getWorkbench()).invoke('runs.get', { id });
  }

  async update(id: string, patch: RunPatch): Promise<RunRecord> {
    const record = await (await getWorkbench()).invoke('runs.update', { id, patch });
    await this.refresh();
    return record;
  }

  async remove(id: string): Promise<void> {
    await (await getWorkbench()).invoke('runs.delete', { id });
    await this.refresh();
  }

  async saveBundle(id: string): Promise<void> {
    download(await (await getWorkbench()).invoke('runs.bundle', { id }));
  }

  async exportRun(id: string, format: ExportFormat): Promise<string> {
    const file = await (await getWorkbench()).invoke('runs.export', { id, format });
    download(file);
    return file.fileName;
  }

  /** The run's experiment as its PyTorch program, with the run's hyperparameters and seed. */
  async program(record: Pick<RunRecord, 'experiment' | 'config'>): Promise<ExperimentProgram> {
    const { hyperparameters, seed } = record.config;
    return (await getWorkbench()).invoke('experiments.program', { experiment: record.experiment, hyperparameters: { ...hyperparameters }, seed });
  }

  /** Writes the run as a PyTorch project folder in the data directory; returns what is in it. */
  async exportProject(id: string): Promise<PytorchProjectInfo> {
    return (await getWorkbench()).invoke('runs.exportProject', { id });
  }

  async importBundle(file: File): Promise<{ id: string; duplicate: boolean }> {
    const result = await (await getWorkbench()).invoke('runs.import', await readFilePayload(file));
    await this.refresh();
    return result;
  }

  toggleCompare(id: string, on: boolean): void {
    this.compare = on ? [...this.compare.filter((x) => x !== id), id] : this.compare.filter((x) => x !== id);
  }
}

export function message(err: unknown): string {
  return errorMessage(err);
}

export const runs = new Runs();

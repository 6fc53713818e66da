// The renderer's view of training: starts and cancels runs through the contract, routes progress
// and finish events to the LiveRun they belong to, and remembers the latest run per experiment so
// switching experiments and back keeps its charts.
import type { TrainingFinished, TrainingProgress, TrainingRequest } from '../../../shared/training';
import { getWorkbench } from './transport';
import { LiveRun } from './live-run.svelte';

type RunEvent = { kind: 'progress'; payload: TrainingProgress } | { kind: 'finished'; payload: TrainingFinished };

/** Events for runs not yet known (the server can emit before `training.start` has replied). */
const MAX_ORPHAN_RUNS = 16;
/** Per unknown run; the first events (with the dataset preview) are the ones worth keeping. */
const MAX_ORPHAN_EVENTS = 256;

class Training {
  /** Latest run per experiment id. */
  latest = $state<Record<string, LiveRun>>({});
  /** Called with every finished run (the runs list refreshes on it). */
  private finishedListeners = new Set<(f: TrainingFinished) => void>();
  private byId = new Map<string, LiveRun>();
  private orphans = new Map<string, RunEvent[]>();
  private subscribed = false;

  async start(request: TrainingRequest): Promise<LiveRun> {
    const api = await getWorkbench();
    this.subscribe();
    const { runId } = await api.invoke('training.start', request);
    // A fast run may have finished, and been re-attached by a reconnect, before the reply came.
    const known = this.byId.get(runId);
    if (known) return known;
    const run = new LiveRun(runId, { experiment: request.experiment, hyperparameters: request.hyperparameters, seed: request.seed ?? 42 });
    this.track(run);
    return run;
  }

  /** Makes `run` the experiment's latest and delivers the events that came before it was known. */
  private track(run: LiveRun): void {
    const experiment = run.config.experiment;
    this.latest[experiment]?.dispose();
    this.byId.set(run.runId, run);
    this.latest[experiment] = run;
    for (const e of this.orphans.get(run.runId) ?? []) this.route(e);
    this.orphans.delete(run.runId);
  }

  /**
   * Follows the runs the server is training (after a reload or a reconnect). Returns the runs
   * this page did not know about.
   */
  async reattach(): Promise<LiveRun[]> {
    const api = await getWorkbench();
    this.subscribe();
    const infos = await api.invoke('training.list', null);
    const attached: LiveRun[] = [];
    for (const info of infos) {
      if (this.byId.has(info.runId)) continue;
      const run = new LiveRun(info.runId, info.config);
      run.attach(info);
      this.track(run);
      attached.push(run);
    }
    return attached;
  }

  async cancel(run: LiveRun): Promise<boolean> {
    const api = await getWorkbench();
    const { ok } = await api.invoke('training.cancel', { runId: run.runId });
    return ok;
  }

  onFinished(listener: (f: TrainingFinished) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  /** Subscribes once, before the first start, so no early event is missed. */
  subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    void getWorkbench().then((api) => {
      api.on('training.progress', (payload) => this.route({ kind: 'progress', payload }));
      api.on('training.finished', (payload) => {
        this.route({ kind: 'finished', payload });
        for (const l of this.finishedListeners) l(payload);
      });
    });
  }

  private route(e: RunEvent): void {
    const run = this.byId.get(e.payload.runId);
    if (!run) {
      const list = this.orphans.get(e.payload.runId) ?? [];
      if (list.length < MAX_ORPHAN_EVENTS || e.kind === 'finished') list.push(e);
      this.orphans.set(e.payload.runId, list);
      while (this.orphans.size > MAX_ORPHAN_RUNS) this.orphans.delete(this.orphans.keys().next().value!);
      return;
    }
    if (e.kind === 'progress') run.onProgress(e.payload);
    else {
      run.onFinished(e.payload);
      this.byId.delete(run.runId);
    }
  }
}

export const training = new Training();

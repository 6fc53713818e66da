// The renderer's view of training: starts and cancels runs through the contract, routes progress
// and finish events to the LiveRun they belong to, and remembers the latest run per experiment so
// switching experiments and back keeps its charts.
import type { TrainingFinished, TrainingProgress, TrainingRequest, TrainingSaved } from '../../../shared/training';
import { getWorkbench } from './transport';
import { LiveRun } from './live-run.svelte';

type RunEvent = { kind: 'progress'; payload: TrainingProgress } | { kind: 'finished'; payload: TrainingFinished };

/** Events for runs not yet known (the server can emit before `training.start` has replied). */
const MAX_ORPHAN_RUNS = 16;
/** Per unknown run; the first events (with the dataset preview) are the ones worth keeping. */
const MAX_ORPHAN_EVENTS = 256;
/** Finished runs still waiting for their `training.saved` (saving takes a moment; runs rarely overlap). */
const MAX_UNSAVED_RUNS = 16;

class Training {
  /** Latest run per experiment id. */
  latest = $state<Record<string, LiveRun>>({});
  /** Called with every finished run (the runs list refreshes on it). */
  private finishedListeners = new Set<(f: TrainingFinished) => void>();
  /** Called with every `training.saved` (the runs list refreshes on it). */
  private savedListeners = new Set<(s: TrainingSaved) => void>();
  private byId = new Map<string, LiveRun>();
  private unsaved = new Map<string, LiveRun>();
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

  /** Asks the run to stop; it says "Stopping…" from this moment until `training.finished` comes. */
  async cancel(run: LiveRun): Promise<boolean> {
    if (!run.active) return false;
    run.stopping = true;
    try {
      const api = await getWorkbench();
      const { ok } = await api.invoke('training.cancel', { runId: run.runId });
      return ok;
    } catch (err) {
      // Not asked after all (e.g. the connection dropped): Stop may be tried again.
      run.stopping = false;
      throw err;
    }
  }

  onFinished(listener: (f: TrainingFinished) => void): () => void {
    this.finishedListeners.add(listener);
    return () => this.finishedListeners.delete(listener);
  }

  onSaved(listener: (s: TrainingSaved) => void): () => void {
    this.savedListeners.add(listener);
    return () => this.savedListeners.delete(listener);
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
      api.on('training.saved', (payload) => {
        void this.saved(payload);
        for (const l of this.savedListeners) l(payload);
      });
    });
  }

  /** Notes where a finished run was saved; a large model's parameters are read from there. */
  private async saved(s: TrainingSaved): Promise<void> {
    const run = this.unsaved.get(s.runId);
    if (!run) return;
    this.unsaved.delete(s.runId);
    if ('saveError' in s) {
      run.saveError = s.saveError;
      return;
    }
    run.savedRunId = s.savedRunId;
    if (!run.summary?.paramsOmitted) return;
    try {
      const api = await getWorkbench();
      run.setParams(await api.invoke('runs.params', { id: s.savedRunId }));
    } catch (err) {
      // The readout stays empty; the saved run can still be opened from the runs list.
      console.warn(`could not read the parameters of run ${s.savedRunId}:`, err);
    }
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
      this.unsaved.set(run.runId, run);
      while (this.unsaved.size > MAX_UNSAVED_RUNS) this.unsaved.delete(this.unsaved.keys().next().value!);
    }
  }
}

export const training = new Training();

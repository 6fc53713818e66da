// One training run as the renderer follows it: progress fields for the controls, and the series
// the charts draw. Events update plain (non-reactive) buffers; `publish` copies them into `$state.raw`
// fields at most once per animation frame, so a burst of events costs one redraw.
import type { FinalStatus, ParamMap, RunInfo, TrainingConfig, TrainingFinished, TrainingProgress, TrainingSummary } from '../../../shared/training';
import { toEpochPoint, type ChartData, type EpochPoint } from './chart-data';
import { FrameCoalescer, type Schedule } from './frame-coalescer';
import { StepBuckets } from './step-buckets';
import { alignSteps, newEpochs } from './progress-align';

export type LiveStatus = 'queued' | 'running' | FinalStatus;

export class LiveRun {
  status = $state<LiveStatus>('queued');
  epoch = $state(0);
  step = $state(0);
  totalSteps = $state(0);
  message = $state<string>();
  backendLabel = $state<string>();
  /** performance.now() when the first running progress arrived. */
  startedAt = $state<number>();
  finishedAt = $state<number>();
  /** Steps already done when this page started following the run (re-attached after a reload). */
  stepAtStart = $state(0);
  charts = $state.raw<ChartData>({ steps: [], stepsEvery: 1, epochs: [] });
  summary = $state.raw<TrainingSummary>();
  /** Stop was asked for and the run has not ended yet: the UI says "Stopping…" and offers no second Stop. */
  stopping = $state(false);
  /** Set by `training.saved`: the saved run's id, or why it could not be saved. */
  savedRunId = $state<string>();
  saveError = $state<string>();

  private buckets = new StepBuckets();
  private epochs: EpochPoint[] = [];
  private params: ChartData['params'];
  private dataset: ChartData['dataset'];
  private classification: ChartData['classification'];
  private readonly frame: FrameCoalescer;

  constructor(
    readonly runId: string,
    readonly config: TrainingConfig | { experiment: string; hyperparameters: Record<string, number>; seed: number },
    schedule?: Schedule,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.frame = new FrameCoalescer(() => this.publish(), schedule);
  }

  get trainMs(): number | undefined {
    return this.summary?.timing.trainMs;
  }

  get active(): boolean {
    return this.status === 'queued' || this.status === 'running';
  }

  /**
   * Follows a run that was already training when this page loaded: the history the server kept
   * draws the curve so far, and progress events (which carry only what happened since the
   * previous one) continue it from there.
   */
  attach(info: Pick<RunInfo, 'status' | 'epoch' | 'step' | 'totalSteps' | 'history'>): void {
    this.status = info.status;
    this.epoch = info.epoch;
    this.step = info.step;
    this.stepAtStart = info.step;
    this.totalSteps = info.totalSteps;
    if (info.status === 'running') this.startedAt = this.now();
    const h = info.history;
    this.buckets = StepBuckets.fromThinned(h.stepEvery, h.stepLosses, h.stepCount);
    // Steps done but not yet reported (still batched in the worker) arrive with the next event.
    this.buckets.skip(info.step - this.buckets.total);
    this.epochs = h.epochMetrics.map(toEpochPoint);
    if (h.snapshot) this.params = h.snapshot;
    if (h.dataset) this.dataset = h.dataset;
    this.frame.request();
  }

  onProgress(p: TrainingProgress): void {
    if (!this.active) return;
    if (p.status === 'running' && this.startedAt === undefined) this.startedAt = this.now();
    this.status = p.status;
    this.epoch = Math.max(this.epoch, p.epoch);
    this.step = Math.max(this.step, p.step);
    this.totalSteps = p.totalSteps;
    const steps = alignSteps(this.buckets.total, p);
    this.buckets.skip(steps.skip);
    this.buckets.pushAll(steps.losses);
    for (const m of newEpochs(this.epochs.at(-1)?.epoch ?? 0, p.epochMetrics)) this.epochs.push(toEpochPoint(m));
    if (p.snapshot) this.params = p.snapshot;
    if (p.dataset) this.dataset = p.dataset;
    this.frame.request();
  }

  /** The summary is the full record: it replaces whatever the progress events built. */
  onFinished(f: TrainingFinished): void {
    const s = f.summary;
    this.summary = s;
    this.status = f.status;
    this.stopping = false;
    this.message = f.message ?? s.message;
    this.backendLabel = s.backend.label;
    this.finishedAt = this.now();
    this.totalSteps = s.totalSteps;
    const steps = s.stepCount ?? s.stepLosses.length;
    this.step = steps;
    this.epoch = s.epochs.length;
    if (s.stepEvery && s.stepEvery > 1) {
      this.buckets = StepBuckets.fromThinned(s.stepEvery, s.stepLosses, steps);
    } else {
      const buckets = new StepBuckets();
      buckets.pushAll(s.stepLosses);
      this.buckets = buckets;
    }
    this.epochs = s.epochs.map(toEpochPoint);
    if (Object.keys(s.params).length > 0) this.params = s.params;
    if (s.classification) this.classification = s.classification;
    // 4.1 sends its curves as the dataset view; a run re-attached after that event has them here.
    if (s.activations && !this.dataset?.activations) this.dataset = { ...this.dataset, activations: s.activations };
    this.frame.request();
    this.frame.flush();
  }

  /** A large model's final parameters, read from the saved run (the finished event leaves them out). */
  setParams(params: ParamMap): void {
    this.params = params;
    this.frame.request();
  }

  dispose(): void {
    this.frame.dispose();
  }

  private publish(): void {
    const data: ChartData = { steps: this.buckets.points(), stepsEvery: this.buckets.every, epochs: [...this.epochs] };
    if (this.params) data.params = this.params;
    if (this.dataset) data.dataset = this.dataset;
    if (this.classification) data.classification = this.classification;
    this.charts = data;
  }
}


// Step mode's store (book 4.7): which step of which run the panel shows, fetched over training.step.
// Each press asks for the next step of a replay from the seed, so the shown step is exactly that
// step of the real run with the same request; "Continue training" then starts that run.
import type { StepView } from '../../../shared/step';
import type { TrainingRequest } from '../../../shared/training';
import { getWorkbench } from './transport';
import { errorMessage } from '../../../shared/error-message';

export class StepSession {
  view = $state.raw<StepView>();
  busy = $state(false);
  error = $state<string>();
  /** The request the shown step belongs to (a changed form starts again from step 1). */
  private request: string | undefined;

  /** Runs the next step of `request` (step 1 when the request changed). */
  async next(request: TrainingRequest): Promise<void> {
    const same = this.request === JSON.stringify(request) && this.view !== undefined;
    await this.show(request, same ? this.view!.step + 1 : 1);
  }

  /** Runs on to the last step of the current epoch. */
  async toEpochEnd(request: TrainingRequest): Promise<void> {
    const v = this.request === JSON.stringify(request) ? this.view : undefined;
    if (v === undefined) {
      await this.show(request, 1);
      if (this.view === undefined) return;
    }
    const cur = this.view!;
    const end = cur.epoch * cur.stepsPerEpoch;
    await this.show(request, end > cur.step ? end : cur.step + cur.stepsPerEpoch);
  }

  reset(): void {
    this.view = undefined;
    this.error = undefined;
    this.request = undefined;
  }

  private async show(request: TrainingRequest, step: number): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = undefined;
    try {
      this.view = await (await getWorkbench()).invoke('training.step', { request, step });
      this.request = JSON.stringify(request);
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }
}

/** One session per experiment panel id, so switching experiments keeps each one's step. */
const sessions = new Map<string, StepSession>();

export function stepSession(experimentId: string): StepSession {
  let s = sessions.get(experimentId);
  if (s === undefined) sessions.set(experimentId, (s = new StepSession()));
  return s;
}

/** The experiment whose panel should bring step mode into view when it opens (a note's run card asked). */
let focusPending: string | undefined;

export function focusStepMode(experimentId: string): void {
  focusPending = experimentId;
}

/** True once for the experiment a run card asked to focus. */
export function takeStepFocus(experimentId: string): boolean {
  if (focusPending !== experimentId) return false;
  focusPending = undefined;
  return true;
}

import { describe, expect, it } from 'vitest';
import { FINISHED_STEP_POINTS, forDisplay } from '../../../src/main/services/training/service';
import type { TrainingFinished } from '../../../src/shared/training';

function finished(steps: number): TrainingFinished {
  const stepLosses = Array.from({ length: steps }, (_, i) => i);
  return {
    runId: 'r',
    status: 'cancelled',
    summary: {
      experiment: 'linreg-concise', section: '3.3', config: { experiment: 'linreg-concise', hyperparameters: {}, seed: 1 }, status: 'cancelled',
      backend: { name: 'ts', label: 'TypeScript' }, epochs: [], stepLosses, totalSteps: steps * 2, params: {}, timing: { trainMs: 1 },
    },
  };
}

describe('training.finished as sent to the renderer', () => {
  it('leaves short series alone', () => {
    const f = finished(FINISHED_STEP_POINTS);
    expect(forDisplay(f)).toBe(f);
  });

  it('thins a million steps to bucket means and says how', () => {
    const f = finished(1_000_001);
    const d = forDisplay(f);
    const every = Math.ceil(1_000_001 / FINISHED_STEP_POINTS);
    expect(d.summary.stepEvery).toBe(every);
    expect(d.summary.stepCount).toBe(1_000_001);
    expect(d.summary.stepLosses.length).toBeLessThanOrEqual(FINISHED_STEP_POINTS);
    expect(d.summary.stepLosses[0]).toBe((every - 1) / 2);
    const lastStart = Math.floor(1_000_000 / every) * every;
    expect(d.summary.stepLosses.at(-1)).toBe((lastStart + 1_000_000) / 2);
    // The original (what the run store saves) is untouched.
    expect(f.summary.stepLosses).toHaveLength(1_000_001);
    expect(JSON.stringify(d).length).toBeLessThan(100_000);
  });
});

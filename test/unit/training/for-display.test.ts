import { describe, expect, it } from 'vitest';
import { FINISHED_PARAM_VALUES, FINISHED_STEP_POINTS, forDisplay, type EndedRun } from '../../../src/main/services/training/service';
import type { ParamMap } from '../../../src/shared/training';

function ended(steps: number, params: ParamMap = {}): EndedRun {
  // The service hands over the float64 buffer the progress messages filled, not a copy.
  const stepLosses = Float64Array.from({ length: steps }, (_, i) => i);
  return {
    runId: 'r',
    status: 'cancelled',
    message: 'cancelled at epoch 1, step 3',
    summary: {
      experiment: 'linreg-concise', section: '3.3', config: { experiment: 'linreg-concise', hyperparameters: {}, seed: 1 }, status: 'cancelled',
      backend: { name: 'ts', label: 'TypeScript' }, epochs: [], stepLosses, totalSteps: steps * 2, params, timing: { trainMs: 1 },
    },
  };
}

describe('training.finished as sent to the renderer', () => {
  it('sends a short series as it is, as a plain array', () => {
    const d = forDisplay(ended(FINISHED_STEP_POINTS));
    expect(Array.isArray(d.summary.stepLosses)).toBe(true);
    expect(d.summary.stepLosses).toEqual(Array.from({ length: FINISHED_STEP_POINTS }, (_, i) => i));
    expect(d.summary.stepEvery).toBeUndefined();
    expect(d).toMatchObject({ runId: 'r', status: 'cancelled', message: 'cancelled at epoch 1, step 3' });
  });

  it('thins a million steps to bucket means and says how', () => {
    const e = ended(1_000_001);
    const d = forDisplay(e);
    const every = Math.ceil(1_000_001 / FINISHED_STEP_POINTS);
    expect(d.summary.stepEvery).toBe(every);
    expect(d.summary.stepCount).toBe(1_000_001);
    expect(d.summary.stepLosses.length).toBeLessThanOrEqual(FINISHED_STEP_POINTS);
    expect(d.summary.stepLosses[0]).toBe((every - 1) / 2);
    const lastStart = Math.floor(1_000_000 / every) * every;
    expect(d.summary.stepLosses.at(-1)).toBe((lastStart + 1_000_000) / 2);
    // The original (what the run store saves) is untouched.
    expect(e.summary.stepLosses).toHaveLength(1_000_001);
    expect(JSON.stringify(d).length).toBeLessThan(100_000);
  });

  it('keeps a small model\'s parameters and leaves a large one\'s to the saved run', () => {
    const small: ParamMap = { w: { shape: [2, 1], data: [2, -3.4] }, b: { shape: [1], data: [4.2] } };
    expect(forDisplay(ended(3, small)).summary).toMatchObject({ params: small });
    expect(forDisplay(ended(3, small)).summary.paramsOmitted).toBeUndefined();
    const big: ParamMap = { '1.weight': { shape: [256, 784], data: new Array<number>(256 * 784).fill(0.01) } };
    expect(256 * 784).toBeGreaterThan(FINISHED_PARAM_VALUES);
    const d = forDisplay(ended(3, big));
    expect(d.summary.params).toEqual({});
    expect(d.summary.paramsOmitted).toBe(true);
    expect(JSON.stringify(d).length).toBeLessThan(10_000);
  });
});

import { describe, expect, it } from 'vitest';
import { findExperiment } from '../helpers/catalog';
import { tensor } from '../../../src/main/engine';
import { CATALOG, Catalog, type Experiment } from '../../../src/main/experiments/catalog';
import { stepsPerEpochOf } from '../../../src/main/experiments/define';
import { InvalidTrainingConfig, LIVE_SNAPSHOT_MAX_PARAMS, runExperiment } from '../../../src/main/services/training/runner';
import { zeros } from '../../../src/main/engine';

/** A stand-in experiment (with polyfit's catalog entry) whose loop the test writes. */
function fake(run: Experiment['run']): Catalog {
  return new Catalog([{ spec: findExperiment('polyfit')!, stepsPerEpoch: () => 10, run }]);
}

describe('runExperiment', () => {
  it('refuses an invalid config with the catalog message', () => {
    expect(() => runExperiment({ experiment: 'polyfit', hyperparameters: { lr: -1 } })).toThrow(
      new InvalidTrainingConfig('lr must be > 0 and ≤ 1000, got -1'),
    );
  });

  it('stops within a step when asked, keeping the steps, epochs and parameters so far', () => {
    let calls = 0;
    const s = runExperiment({ experiment: 'linreg-concise', hyperparameters: {}, seed: 4 }, {}, () => ++calls > 150);
    expect(s.status).toBe('cancelled');
    // 100 step checks in epoch 1, one at its end, 49 more steps: the 50th of epoch 2 never runs.
    expect(s.message).toBe('cancelled at epoch 2, step 50');
    expect(s.stepLosses).toHaveLength(149);
    expect(s.epochs.map((e) => e.epoch)).toEqual([1]);
    expect(Object.keys(s.params)).toEqual(['0.weight', '0.bias']);
    expect(s.errors!.w).toHaveLength(2);
    // Same seed, same first steps as an uncancelled run.
    expect(runExperiment({ experiment: 'linreg-concise', hyperparameters: {}, seed: 4 }).stepLosses.slice(0, 149)).toEqual(s.stepLosses);
  });

  it('ctx.checkStop does nothing while the run goes on and ends it once it is cancelled', () => {
    let stop = false;
    let batchesAfterStop = 0;
    const s = runExperiment({ experiment: 'polyfit', hyperparameters: {} }, {}, () => stop, fake((ctx) => {
      ctx.step(1);
      ctx.step(2);
      ctx.checkStop();
      stop = true;
      // An evaluation loop: the first batch after the cancel is the last one that runs.
      for (let batch = 0; batch < 40; batch++) {
        ctx.checkStop();
        batchesAfterStop++;
      }
      ctx.epoch({ epoch: 1, loss: 1 });
    }));
    expect(s.status).toBe('cancelled');
    expect(s.message).toBe('cancelled at epoch 1, after step 2');
    expect(batchesAfterStop).toBe(0);
    expect(s.epochs).toEqual([]);
    expect(s.stepLosses).toEqual([1, 2]);
  });

  it('calls a non-finite epoch metric a divergence too', () => {
    const s = runExperiment({ experiment: 'polyfit', hyperparameters: { lr: 0.5 } }, {}, undefined, fake((ctx) => {
      ctx.step(1);
      ctx.epoch({ epoch: 1, loss: 1, testLoss: Number.POSITIVE_INFINITY });
    }));
    expect(s.status).toBe('diverged');
    expect(s.message).toBe('test loss became Infinity at the end of epoch 1 (lr 0.5); try a smaller learning rate such as 0.01');
    expect(s.epochs).toEqual([]);
    expect(s.stepLosses).toEqual([1]);
  });

  it('suggests a tenth of the rate when the rate is already at or below the default', () => {
    const s = runExperiment({ experiment: 'polyfit', hyperparameters: { lr: 0.01 } }, {}, undefined, fake((ctx) => ctx.step(Number.NaN)));
    expect(s.message).toBe('loss became NaN at epoch 1, step 1 (lr 0.01); try a smaller learning rate such as 0.001');
  });

  it('turns an exception in the loop into a failed run with its message', () => {
    const s = runExperiment({ experiment: 'polyfit', hyperparameters: {} }, {}, undefined, fake((ctx) => {
      ctx.track({ '0.weight': tensor([[1, 2]]) });
      ctx.step(0.5);
      throw new Error('matmul: shapes (3, 2) and (3, 1) cannot be multiplied (2 != 3)');
    }));
    expect(s.status).toBe('failed');
    expect(s.message).toBe('matmul: shapes (3, 2) and (3, 1) cannot be multiplied (2 != 3)');
    expect(s.params).toEqual({ '0.weight': { shape: [1, 2], data: [1, 2] } });
    expect(s.stepLosses).toEqual([0.5]);
  });

  it('never ships overflowed parameters', () => {
    const s = runExperiment({ experiment: 'polyfit', hyperparameters: {} }, {}, undefined, fake((ctx) => {
      ctx.track({ '0.weight': tensor([[Number.POSITIVE_INFINITY, 2]]) });
      ctx.step(Number.NaN);
    }));
    expect(s.status).toBe('diverged');
    expect(s.params).toEqual({});
    expect(s.message).toMatch(/; the parameters overflowed and are not kept$/);
  });

  it('reports to the sink: begin, dataset, every step with a lazy snapshot, every epoch', () => {
    const seen: string[] = [];
    let snapshots = 0;
    runExperiment({ experiment: 'linreg-scratch', hyperparameters: { epochs: 2, samples: 40 } }, {
      begin: (i) => seen.push(`begin ${i.totalSteps}/${i.stepsPerEpoch}`),
      dataset: (d) => seen.push(`dataset ${d.scatter!.x.length}`),
      step: (n, _loss, snap) => {
        if (n === 1) snapshots = Object.keys(snap() ?? {}).length;
        seen.push('step');
      },
      epoch: (m) => seen.push(`epoch ${m.epoch}`),
    });
    expect(seen).toEqual(['begin 8/4', 'dataset 40', 'step', 'step', 'step', 'step', 'epoch 1', 'step', 'step', 'step', 'step', 'epoch 2']);
    expect(snapshots).toBe(2);
    expect(stepsPerEpochOf(CATALOG.get('linreg-scratch')!, { samples: 41, batchSize: 10 })).toBe(5);
  });

  it('streams live snapshots only for models up to LIVE_SNAPSHOT_MAX_PARAMS parameters; the summary always has them', () => {
    const sizes = [LIVE_SNAPSHOT_MAX_PARAMS, LIVE_SNAPSHOT_MAX_PARAMS + 1];
    const live: Array<boolean> = [];
    for (const n of sizes) {
      const s = runExperiment({ experiment: 'polyfit', hyperparameters: { epochs: 1 } }, {
        step: (_n, _loss, snap) => live.push(snap() !== undefined),
        epoch: (_m, snap) => live.push(snap() !== undefined),
      }, undefined, fake((ctx) => {
        ctx.track({ w: zeros([n - 1]), b: zeros([1]) });
        ctx.step(1);
        ctx.epoch({ epoch: 1, loss: 1 });
      }));
      expect(s.params.w!.data).toHaveLength(n - 1);
    }
    expect(live).toEqual([true, true, false, false]);
  });
});

import { describe, expect, it } from 'vitest';
import { checkRequest, REQUEST_NAMES, isRequestName } from '../../../src/shared/schema';
import { checkHyperparameter } from '../../../src/shared/experiment-spec';
import { EXPERIMENTS, findExperiment } from '../helpers/catalog';

describe('checkRequest', () => {
  it('accepts every contract request with a null payload where it takes none', () => {
    expect(REQUEST_NAMES).toEqual(expect.arrayContaining(['app.info', 'experiments.list']));
    expect(checkRequest('app.info', null)).toEqual({ ok: true, value: { name: 'app.info', payload: null } });
  });

  it('refuses unknown names, including prototype keys, with a typed error', () => {
    for (const name of ['nope', '__proto__', 'constructor', 'toString', 42, null, undefined, { a: 1 }]) {
      const r = checkRequest(name, null);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('unknown-request');
      expect(isRequestName(name)).toBe(false);
    }
  });

  it('refuses a bad payload and says where', () => {
    const r = checkRequest('app.info', { extra: 1 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid-payload');
      expect(r.error.message).toMatch(/^invalid payload for app\.info/);
    }
  });
});

describe('catalog', () => {
  it('has the chapter 3–4 experiments in book order with defaults inside their own ranges', () => {
    expect(EXPERIMENTS.map((e) => e.id)).toEqual(['linreg-scratch', 'linreg-concise', 'softmax-scratch', 'softmax-concise', 'activations', 'mlp-scratch', 'mlp-concise', 'polyfit', 'weight-decay', 'dropout',
      'conv-kernel', 'conv-shape', 'conv-channels', 'pooling', 'lenet']);
    for (const e of EXPERIMENTS) for (const h of e.hyperparameters) expect(checkHyperparameter(h, h.default)).toBeNull();
  });

  it('says which field is wrong and what is allowed', () => {
    const lr = findExperiment('linreg-concise')!.hyperparameters.find((h) => h.key === 'lr')!;
    expect(checkHyperparameter(lr, 0)).toBe('lr must be > 0 and ≤ 1000, got 0');
    expect(checkHyperparameter(lr, Number.POSITIVE_INFINITY)).toBe('lr must be a finite number > 0 and ≤ 1000, got Infinity');
    const bs = findExperiment('linreg-concise')!.hyperparameters.find((h) => h.key === 'batchSize')!;
    expect(checkHyperparameter(bs, 2.5)).toBe('batch-size must be a whole number ≥ 1 and ≤ 100000, got 2.5');
  });
});

describe('checkRequest replies stay small', () => {
  it('clips the echoed value of a huge invalid payload', () => {
    const r = checkRequest('app.info', 'x'.repeat(5_000_000));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(JSON.stringify(r.error).length).toBeLessThan(2_000);
      expect(r.error.message).toMatch(/^invalid payload for app\.info: Invalid type/);
    }
  });
});

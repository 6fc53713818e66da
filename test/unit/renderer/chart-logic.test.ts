import { describe, expect, it } from 'vitest';
import { EXPERIMENTS, findExperiment } from '../helpers/catalog';
import { finitePairs, fittedLine, niceRange, sampleFit } from '../../../src/renderer/src/lib/fit';
import { fitAt } from '../../../src/shared/fit';
import { formatTick, lossSeries } from '../../../src/renderer/src/lib/loss-series';
import { readoutRows, formatValue } from '../../../src/renderer/src/lib/readout';
import { etaMs, formatDuration, fraction } from '../../../src/renderer/src/lib/eta';
import { differingSettings } from '../../../src/renderer/src/lib/compare';
import { cliCommand, defaultTexts, fieldErrors, textsFromConfig, toRequest } from '../../../src/renderer/src/lib/hyperparameter-form';
import { moduleCode, pytorchSnippet } from '../../../src/renderer/src/lib/pytorch-snippet';
import { base64ToBytes, bytesToBase64 } from '../../../src/renderer/src/lib/files';

const linreg = findExperiment('linreg-concise')!;

describe('fitted line', () => {
  const params = { '0.weight': { shape: [1, 2], data: [2, -3.4] }, '0.bias': { shape: [1], data: [4.2] } };
  const fit = { kind: 'linear' as const, weight: '0.weight', bias: '0.bias', featureIndex: 1 };

  it('draws y = w₂·x + (b + w₁·mean(x₁)) across the range', () => {
    expect(sampleFit(fit, params, [-2, 2])).toEqual([[-2, 4.2 + 6.8], [2, 4.2 - 6.8]]);
    expect(fitAt(fit, params, 0, [0.5, 0])).toBeCloseTo(4.2 + 2 * 0.5, 12);
  });

  it('draws nothing for a diverged snapshot or missing parameters', () => {
    expect(sampleFit(fit, { ...params, '0.bias': { shape: [1], data: [Infinity] } }, [-1, 1])).toEqual([]);
    expect(sampleFit(fit, {}, [-1, 1])).toEqual([]);
  });

  it('evaluates Σ wᵢ·xⁱ/i! for polyfit', () => {
    const curve = sampleFit({ kind: 'poly-factorial', weight: 'w' }, { w: { shape: [1, 3], data: [1, 2, 6] } }, [0, 2], 3);
    expect(curve).toEqual([[0, 1], [1, 1 + 2 + 3], [2, 1 + 4 + 12]]);
  });

  it('uses the scatter (and test points) for the range', () => {
    const view = { scatter: { xLabel: 'x', yLabel: 'y', x: [-1, 3], y: [0, 0] }, testScatter: { x: [-4], y: [0] }, fit };
    expect(fittedLine(view, params).map(([x]) => x)).toEqual([-4, 3]);
    expect(fittedLine(undefined, params)).toEqual([]);
  });

  it('keeps only finite pairs and rounds axis bounds outwards', () => {
    expect(finitePairs([1, NaN, 3], [1, 2, Infinity])).toEqual([[1, 1]]);
    expect(niceRange([-13.2, 17.8])).toEqual([-15, 20]);
  });
});

describe('loss series', () => {
  const steps = [{ step: 1, loss: 4 }, { step: 2, loss: 0 }, { step: 3, loss: 2 }];
  const epochs = [{ epoch: 1, loss: 1 }, { epoch: 2, loss: null }, { epoch: 3, loss: 0.5, testLoss: 0.7 }];

  it('puts steps and epochs on one epoch axis and drops what cannot be drawn', () => {
    const s = lossSeries(steps, epochs, 2, 0, false);
    expect(s.batch).toEqual([[0.5, 4], [1, 0], [1.5, 2]]);
    expect(s.train).toEqual([[1, 1], [3, 0.5]]);
    expect(s.test).toEqual([[3, 0.7]]);
    expect(s.smoothed).toEqual([]);
    // Log axis: 0 cannot be drawn.
    expect(lossSeries(steps, epochs, 2, 0, true).batch).toEqual([[0.5, 4], [1.5, 2]]);
    expect(lossSeries(steps, epochs, 2, 0.5, false).smoothed).toHaveLength(3);
  });

  it('labels ticks without trailing zeros', () => {
    expect(formatTick(1e-4)).toBe('1e-4');
    expect(formatTick(2.5e-5)).toBe('2.5e-5');
    expect(formatTick(0.01)).toBe('0.01');
    expect(formatTick(100)).toBe('100');
  });
});

describe('parameter readout', () => {
  it('lists learned, true and true − learned per entry', () => {
    const { rows, summaries } = readoutRows(
      { '0.weight': { shape: [1, 2], data: [1.9995, -3.4] }, '0.bias': { shape: [1], data: [4.2] }, big: { shape: [200, 1], data: Array(200).fill(0.5) } },
      { '0.weight': [2, -3.4], '0.bias': [4.2] },
    );
    expect(rows.map((r) => r.label)).toEqual(['0.weight[0]', '0.weight[1]', '0.bias']);
    expect(rows[0]!.error).toBeCloseTo(0.0005, 12);
    expect(summaries).toEqual([{ name: 'big', shape: [200, 1], norm: Math.sqrt(200 * 0.25) }]);
    expect(formatValue(0.00049)).toBe('4.900e-4');
    expect(formatValue(undefined)).toBe('—');
  });
});

describe('progress arithmetic', () => {
  it('estimates time left from the pace so far', () => {
    expect(fraction(30, 300)).toBe(0.1);
    expect(etaMs(1000, 100, 300)).toBe(2000);
    expect(etaMs(1000, 0, 300)).toBeUndefined();
    expect(formatDuration(17)).toBe('17 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
  });
});

describe('compare', () => {
  it('lists only the settings that differ, in catalog order, with the seed last', () => {
    const a = { experiment: 'linreg-concise', hyperparameters: { epochs: 3, lr: 0.03, batchSize: 10 }, seed: 42 };
    const b = { experiment: 'linreg-concise', hyperparameters: { epochs: 3, lr: 0.1, batchSize: 10 }, seed: 7 };
    expect(differingSettings([a, b], ['epochs', 'lr', 'batchSize'])).toEqual([
      { key: 'lr', values: [0.03, 0.1] },
      { key: 'seed', values: [42, 7] },
    ]);
    expect(differingSettings([a, a])).toEqual([]);
  });
});

describe('experiment form', () => {
  it('starts from the book defaults and is valid', () => {
    const texts = defaultTexts(linreg);
    expect(texts).toEqual({ epochs: '3', lr: '0.03', batchSize: '10', samples: '1000', seed: '42' });
    expect(fieldErrors(linreg, texts)).toEqual({});
    expect(toRequest(linreg, texts)).toEqual({ experiment: 'linreg-concise', hyperparameters: { epochs: 3, lr: 0.03, batchSize: 10, samples: 1000 }, seed: 42 });
  });

  it('words each problem under its field, with the field label and what was typed, in both languages', () => {
    const errors = (texts: Record<string, string>, lang: 'en' | 'zh') => fieldErrors(linreg, { ...defaultTexts(linreg), ...texts }, lang);
    expect(errors({ batchSize: '0' }, 'en')).toEqual({ batchSize: 'Batch size must be 1 ≤ x ≤ 100000; you typed “0”' });
    expect(errors({ lr: 'abc' }, 'en')).toEqual({ lr: 'Learning rate: “abc” is not a number' });
    expect(errors({ lr: 'abc' }, 'zh')).toEqual({ lr: '学习率：“abc”不是数字' });
    expect(errors({ lr: '' }, 'en')).toEqual({ lr: 'Learning rate: enter a number (0 < x ≤ 1000)' });
    expect(errors({ lr: '-1' }, 'zh')).toEqual({ lr: '学习率的取值范围是 0 < x ≤ 1000，你输入的是“-1”' });
    expect(errors({ epochs: '2.5' }, 'en').epochs).toBe('Epochs must be a whole number (1 ≤ x ≤ 1000); you typed “2.5”');
    expect(errors({ batchSize: '2000' }, 'en')).toEqual({ batchSize: 'Batch size may be at most Samples (1000); you typed “2000”' });
    expect(errors({ batchSize: '2000' }, 'zh')).toEqual({ batchSize: '批量大小最多为样本数 (1000)，你输入的是“2000”' });
    expect(errors({ seed: '1e3x' }, 'en')).toEqual({ seed: 'Seed: “1e3x” is not a number' });
  });

  it('fills from a saved config and prints the matching command', () => {
    const texts = textsFromConfig(linreg, { hyperparameters: { epochs: 3, lr: 0.1, batchSize: 10, samples: 1000 }, seed: 7 });
    expect(cliCommand(linreg, texts)).toBe('npx d2l-workbench train linreg-concise --lr 0.1 --seed 7');
    // As this install runs its CLI (AppInfo.cli): from its folder, into the app's data folder.
    expect(cliCommand(linreg, texts, { command: 'npx d2l-workbench', cwd: '/opt/d2l-workbench', dataDir: '/srv/d2l data', shell: 'posix' })).toBe(
      `cd /opt/d2l-workbench && npx d2l-workbench train linreg-concise --lr 0.1 --seed 7 --data-dir '/srv/d2l data'`,
    );
  });

  it('starts polyfit\'s form from its own seed, and names the seed only when it differs', () => {
    const polyfit = findExperiment('polyfit')!;
    expect(defaultTexts(polyfit).seed).toBe('12');
    expect(defaultTexts(linreg).seed).toBe('42');
    expect(cliCommand(polyfit, defaultTexts(polyfit))).toBe('npx d2l-workbench train polyfit');
    expect(cliCommand(polyfit, { ...defaultTexts(polyfit), seed: '42' })).toBe('npx d2l-workbench train polyfit --seed 42');
  });

  it('every catalog experiment has a valid default form', () => {
    for (const e of EXPERIMENTS) expect(fieldErrors(e, defaultTexts(e)), e.id).toEqual({});
  });
});

describe('PyTorch snippet', () => {
  it('rebuilds nn.Sequential from state_dict shapes and loads each format', () => {
    const record = { experiment: 'mlp-concise', config: { experiment: 'mlp-concise', hyperparameters: {}, seed: 1 }, params: [
      { name: '1.weight', shape: [256, 784] }, { name: '1.bias', shape: [256] }, { name: '3.weight', shape: [10, 256] }, { name: '3.bias', shape: [10] },
    ] };
    expect(moduleCode(record)).toBe('net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))');
    expect(pytorchSnippet(record, 'safetensors', 'r.safetensors')).toContain('net.load_state_dict(load_file("r.safetensors"))');
    expect(pytorchSnippet(record, 'npz', 'r.npz')).toContain('np.load("r.npz")');
    expect(pytorchSnippet(record, 'onnx', 'r.onnx')).toContain('numpy_helper.to_array');
  });

  it('wraps the from-scratch w and b in a module', () => {
    const code = moduleCode({ experiment: 'linreg-scratch', config: { experiment: 'linreg-scratch', hyperparameters: {}, seed: 1 }, params: [{ name: 'w', shape: [2, 1] }, { name: 'b', shape: [1] }] });
    expect(code).toContain('self.w = nn.Parameter(torch.zeros(2, 1))');
    expect(code).toContain('return X @ self.w + self.b');
  });
});

describe('file payloads', () => {
  it('round-trips bytes through base64, including large files', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => (i * 31) & 255);
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
  });
});

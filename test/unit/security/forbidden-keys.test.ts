// Issue 12, item 9: the names `__proto__`, `constructor` and `prototype` as hyperparameter (or
// metric) keys used to vanish without a word (valibot's record() skips them, the CLI's flag table
// looked them up on Object.prototype), so a run trained with defaults the user never chose. Each
// path now refuses them by name.
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src/main/dispatch';
import { createHandlers } from '../../../src/main/handlers';
import { runCli } from '../../../src/main/cli/main';
import { parseRunRecord } from '../../../src/shared/runs';
import { checkRequest } from '../../../src/shared/schema';
import { buildRecord } from '../../../src/main/services/runs/draft';
import { linregDraft, tempDir } from '../runs/helpers';

const KEYS = ['__proto__', 'constructor', 'prototype'] as const;

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), isTTY: false }, out, err };
}

describe.each(KEYS)('the key %s', (key) => {
  it('is refused by name in training.start', async () => {
    // JSON.parse makes `__proto__` an own key, exactly as a WebSocket frame would carry it.
    const payload = JSON.parse(`{"experiment":"linreg-concise","hyperparameters":{"${key}":3,"epochs":2}}`) as unknown;
    const checked = checkRequest('training.start', payload);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.code).toBe('invalid-payload');
    expect(checked.error.message).toContain(`hyperparameter name "${key}" is not allowed`);
    const tmp = tempDir('d2l-keys-');
    try {
      const reply = await dispatch(createHandlers({ dataDir: tmp.dir, mode: 'web', systemLang: 'en' }), 'training.start', payload);
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
      expect(JSON.stringify(reply)).toContain(key);
    } finally {
      tmp.cleanup();
    }
  });

  it('is an unknown option of the CLI, not a lookup on Object.prototype', async () => {
    const { io, err } = captureIo();
    expect(await runCli(['train', 'linreg-concise', `--${key}`, '3', '--no-save'], io)).toBe(2);
    expect(err.join('')).toContain(`unknown option --${key}`);
  });

  it('is refused in a run record (hyperparameters and epoch metrics) and in a note pin', () => {
    const good = JSON.parse(JSON.stringify(buildRecord(linregDraft(), '20260101-000000-abcdef', {}))) as Record<string, unknown>;
    const withHp = JSON.parse(JSON.stringify(good).replace('"hyperparameters":{', `"hyperparameters":{"${key}":1,`)) as unknown;
    const parsed = parseRunRecord(withHp);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(`hyperparameter name "${key}" is not allowed`);
    const withMetric = JSON.parse(JSON.stringify(good).replace('{"epoch":1,', `{"epoch":1,"${key}":0.5,`)) as unknown;
    const metric = parseRunRecord(withMetric);
    expect(metric.ok).toBe(false);
    if (!metric.ok) expect(metric.reason).toContain(`metric name "${key}" is not allowed`);
    const pin = JSON.parse(
      `{"id":"d2l-3-3-linreg-concise","add":{"experiment":"linreg-concise","runId":"r1","status":"completed","epochs":1,"hyperparameters":{"${key}":1},"seed":1,"finalLoss":0.1,"backend":"ts"}}`,
    ) as unknown;
    const pinned = checkRequest('notes.pin', pin);
    expect(pinned.ok).toBe(false);
    if (!pinned.ok) expect(JSON.stringify(pinned.error)).toContain(key);
  });
});

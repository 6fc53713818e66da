import { describe, expect, it } from 'vitest';
import { SEED_SPEC } from '../../../src/shared/experiment-spec';
import { EXPERIMENTS } from '../helpers/catalog';
import { compareSections, formatNumber, formatRange, groupByChapter } from '../../../src/renderer/src/lib/catalog-view';
import { LANG_NAMES, MESSAGES, chapterTitle, t, type MessageKey } from '../../../src/renderer/src/lib/i18n';

describe('renderer catalog view', () => {
  it('groups the catalog by chapter in book order', () => {
    const shuffled = [...EXPERIMENTS].reverse();
    const groups = groupByChapter(shuffled);
    expect(groups.map((g) => g.chapter)).toEqual(['3', '4', '6']);
    expect(groups.map((g) => g.experiments.map((e) => e.section))).toEqual([
      ['3.2', '3.3', '3.6', '3.7'], ['4.1', '4.2', '4.3', '4.4', '4.5', '4.6'], ['6.2', '6.3', '6.4', '6.5', '6.6'],
    ]);
  });

  it('orders sections numerically, not as strings', () => {
    expect(['3.10', '3.2', '10.1', '3.2.1'].sort(compareSections)).toEqual(['3.2', '3.2.1', '3.10', '10.1']);
  });

  it('formats ranges with the exclusive lower bound the catalog declares', () => {
    const lr = EXPERIMENTS[0]!.hyperparameters.find((h) => h.key === 'lr')!;
    expect(formatRange(lr)).toBe('0 < x ≤ 1000');
    expect(formatRange(SEED_SPEC)).toBe('0 ≤ x ≤ 2147483647');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(0.003)).toBe('0.003');
  });
});

describe('renderer i18n', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('en', 'chapter.label', { n: 7 })).toBe('Chapter 7');
    expect(t('zh', 'chapter.label', { n: 7 })).toBe('第 7 章');
    expect(t('en', 'chapter.label')).toBe('Chapter {n}');
  });

  it('has a non-empty string in both languages for every key, with the same placeholders', () => {
    const holes = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    const enKeys = Object.keys(MESSAGES.en).sort();
    expect(Object.keys(MESSAGES.zh).sort()).toEqual(enKeys);
    expect(enKeys.length).toBeGreaterThan(40);
    for (const key of enKeys as MessageKey[]) {
      expect(MESSAGES.en[key].trim(), key).not.toBe('');
      expect(MESSAGES.zh[key].trim(), key).not.toBe('');
      expect(holes(MESSAGES.zh[key]), key).toEqual(holes(MESSAGES.en[key]));
    }
  });

  it('writes the Chinese table in Chinese', () => {
    const han = /[\u4e00-\u9fff]/;
    // The notes' ‖w‖ and e(w), e(b) columns are the book's own notation.
    const notation: MessageKey[] = ['run.col.norm', 'run.col.errors'];
    const untranslated = (Object.keys(MESSAGES.zh) as MessageKey[]).filter((k) => !han.test(MESSAGES.zh[k]) && MESSAGES.zh[k] !== MESSAGES.en[k] && !notation.includes(k));
    expect(untranslated).toEqual([]);
    // Strings identical in both tables must be names, not forgotten translations.
    const same = (Object.keys(MESSAGES.zh) as MessageKey[]).filter((k) => MESSAGES.zh[k] === MESSAGES.en[k] && !notation.includes(k));
    expect(same).toEqual([]);
  });

  it('names chapters it knows and numbers the rest', () => {
    expect(chapterTitle('en', '3')).toBe('Linear Neural Networks');
    expect(chapterTitle('zh', '4')).toBe('多层感知机');
    expect(chapterTitle('en', '11')).toBe('Chapter 11');
  });

  it('names each language in itself', () => {
    expect(LANG_NAMES).toEqual({ en: 'English', zh: '中文' });
  });
});

describe('toWorkbenchError', () => {
  it('rebuilds typed errors from the plain data the preload rejects with', async () => {
    const { toWorkbenchError } = await import('../../../src/renderer/src/lib/transport');
    const { WorkbenchError } = await import('../../../src/shared/api');
    const e = toWorkbenchError({ code: 'invalid-payload', message: 'lr must be > 0', issues: [{ path: 'lr', message: 'x' }] });
    expect(e).toBeInstanceOf(WorkbenchError);
    expect(e).toMatchObject({ code: 'invalid-payload', message: 'lr must be > 0', issues: [{ path: 'lr', message: 'x' }] });
    expect(toWorkbenchError(new Error('boom'))).toMatchObject({ code: 'internal', message: 'boom' });
    expect(toWorkbenchError('text')).toMatchObject({ code: 'internal', message: 'text' });
  });
});

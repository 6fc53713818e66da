import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDateTimeFull, localeFor } from '../../../src/renderer/src/lib/dates';

const moment = new Date(2026, 11, 2, 14, 5, 9);
const now = new Date(2026, 11, 20);

describe('one date format for every list and bar', () => {
  it('formats in the UI language with the learner\'s own locale for it', () => {
    expect(localeFor('en', ['en-GB', 'zh-CN'])).toBe('en-GB');
    expect(localeFor('zh', ['en-GB', 'zh-TW'])).toBe('zh-TW');
    expect(localeFor('zh', ['en-US'])).toBe('zh-CN');
    expect(localeFor('en', ['fr-FR'])).toBe('en');
  });

  it('gives month, day and time to the minute, the conventions of each locale', () => {
    const gb = formatDateTime(moment, 'en', { now, preferred: ['en-GB'] });
    expect(gb).toMatch(/^2 Dec,? 14:05$/);
    const us = formatDateTime(moment, 'en', { now, preferred: ['en-US'] });
    expect(us).toMatch(/^Dec 2,? 2:05\s?PM$/);
    const zh = formatDateTime(moment, 'zh', { now, preferred: ['zh-CN'] });
    expect(zh).toContain('12月2日');
    expect(zh).toContain('14:05');
    // No seconds in lists; the tooltip has them.
    expect(gb).not.toContain(':09');
    expect(formatDateTimeFull(moment, 'en', ['en-GB'])).toContain('14:05:09');
  });

  it('adds the year only when it is not this year, and passes through what is not a date', () => {
    expect(formatDateTime(moment, 'en', { now: new Date(2027, 0, 3), preferred: ['en-GB'] })).toContain('2026');
    expect(formatDateTime(moment.toISOString(), 'en', { now, preferred: ['en-GB'] })).not.toContain('2026');
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
  });
});

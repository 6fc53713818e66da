import { describe, expect, it } from 'vitest';
import { systemLangOf } from '../../../src/main/electron/system-lang';

const app = (preferred: string[], locale: string) => ({ getPreferredSystemLanguages: () => preferred, getLocale: () => locale });

describe('the desktop app\'s first language', () => {
  it('follows the OS\'s first preferred language', () => {
    expect(systemLangOf(app(['zh-Hans-CN', 'en-US'], 'en-US'))).toBe('zh');
    expect(systemLangOf(app(['en-GB', 'zh-CN'], 'zh-CN'))).toBe('en');
  });
  it('falls back to the app locale when the OS lists none', () => {
    expect(systemLangOf(app([], 'zh-TW'))).toBe('zh');
    expect(systemLangOf(app([], 'de-DE'))).toBe('en');
  });
});

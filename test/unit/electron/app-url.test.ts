import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, START_URL, isAppUrl } from '../../../src/main/electron/app-url';

describe('isAppUrl', () => {
  it.each([START_URL, `${APP_ORIGIN}/`, `${APP_ORIGIN}/index.html#/runs`, `${APP_ORIGIN}/index.html?lang=en`])('accepts %s', (url) => {
    expect(isAppUrl(url)).toBe(true);
  });

  it.each([
    'app://workbench.evil/index.html',
    'app://evil/index.html',
    'app://workbench:1/index.html',
    'app://u:p@workbench/index.html',
    'https://workbench/index.html',
    'file:///index.html',
    'http://127.0.0.1:5173/',
    'about:blank',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAppUrl(url)).toBe(false);
  });
});

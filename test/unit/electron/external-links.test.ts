import { describe, expect, it, vi } from 'vitest';
import { EXTERNAL_ALLOW_LIST, allowedExternalUrl, openExternalIfAllowed } from '../../../src/main/electron/external-links';

describe('allowedExternalUrl', () => {
  it.each([
    ['https://zh.d2l.ai/', 'https://zh.d2l.ai/'],
    ['https://zh.d2l.ai/chapter_linear-networks/linear-regression-concise.html', 'https://zh.d2l.ai/chapter_linear-networks/linear-regression-concise.html'],
    ['https://d2l.ai/chapter_preliminaries/autograd.html#x', 'https://d2l.ai/chapter_preliminaries/autograd.html#x'],
    ['https://pytorch.org/docs/stable/generated/torch.nn.Linear.html', 'https://pytorch.org/docs/stable/generated/torch.nn.Linear.html'],
    ['HTTPS://D2L.AI/index.html', 'https://d2l.ai/index.html'],
    ['https://d2l.ai:443/x', 'https://d2l.ai/x'],
  ])('allows %s', (url, href) => {
    expect(allowedExternalUrl(url)).toBe(href);
  });

  it.each([
    'http://d2l.ai/',
    'https://evil.com/',
    'https://d2l.ai.evil.com/',
    'https://evil.com/?https://d2l.ai/',
    'https://evil.com#https://d2l.ai/',
    'https://user:pw@d2l.ai/',
    'https://d2l.ai@evil.com/',
    'https://d2l.ai:8443/',
    'https://pytorch.org/',
    'https://pytorch.org/tutorials/',
    'https://pytorch.org/docs',
    'https://pytorch.org/docs/../evil',
    'https://pytorch.org/docs/%2e%2e/evil',
    'https://d2l.ai\\@evil.com/',
    ' https://d2l.ai/',
    'https://d2l.ai/\nx',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://workbench/index.html',
    'mailto:a@d2l.ai',
    `https://d2l.ai/${'a'.repeat(3000)}`,
    '',
  ])('refuses %s', (url) => {
    expect(allowedExternalUrl(url)).toBeNull();
  });

  it('refuses non-strings', () => {
    expect(allowedExternalUrl(undefined)).toBeNull();
    expect(allowedExternalUrl({ toString: () => 'https://d2l.ai/' })).toBeNull();
  });

  it('keeps the allow-list https-only with absolute path prefixes', () => {
    for (const site of EXTERNAL_ALLOW_LIST) {
      expect(site.origin.startsWith('https://')).toBe(true);
      expect(site.pathPrefix.startsWith('/')).toBe(true);
    }
  });
});

describe('openExternalIfAllowed', () => {
  it('opens the normalised URL of an allowed link', () => {
    const open = vi.fn(() => Promise.resolve());
    expect(openExternalIfAllowed('https://zh.d2l.ai/index.html', open)).toBe(true);
    expect(open).toHaveBeenCalledWith('https://zh.d2l.ai/index.html');
  });

  it('never calls the opener for a refused link', () => {
    const open = vi.fn(() => Promise.resolve());
    expect(openExternalIfAllowed('https://evil.com/', open)).toBe(false);
    expect(open).not.toHaveBeenCalled();
  });

  it('logs, not throws, when the opener fails', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const open = vi.fn(() => Promise.reject(new Error('no browser')));
    expect(openExternalIfAllowed('https://d2l.ai/', open)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});

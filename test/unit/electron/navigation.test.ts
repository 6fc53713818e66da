import { describe, expect, it, vi } from 'vitest';
import { guardNavigation, guardRedirect, preventWebview, windowOpenHandler } from '../../../src/main/electron/navigation';

function navEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('guardNavigation (will-navigate)', () => {
  it('lets the app navigate within app://workbench', () => {
    const open = vi.fn(() => Promise.resolve());
    const event = navEvent('app://workbench/index.html#/runs');
    expect(guardNavigation(event, open)).toBe(true);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
  });

  it('blocks an allowed external link in the window but opens it in the system browser', () => {
    const open = vi.fn(() => Promise.resolve());
    const event = navEvent('https://zh.d2l.ai/chapter_preliminaries/index.html');
    expect(guardNavigation(event, open)).toBe(false);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://zh.d2l.ai/chapter_preliminaries/index.html');
  });

  it.each(['https://evil.com/', 'file:///etc/passwd', 'app://evil/index.html', 'http://127.0.0.1:8080/', 'javascript:alert(1)'])(
    'blocks %s and opens nothing',
    (url) => {
      const open = vi.fn(() => Promise.resolve());
      const event = navEvent(url);
      expect(guardNavigation(event, open)).toBe(false);
      expect(event.preventDefault).toHaveBeenCalledTimes(1);
      expect(open).not.toHaveBeenCalled();
    },
  );
});

describe('guardRedirect (will-redirect)', () => {
  it('allows a redirect within the app', () => {
    const event = navEvent('app://workbench/index.html');
    expect(guardRedirect(event)).toBe(true);
    expect(event.preventDefault).not.toHaveBeenCalled();
  });

  it.each(['https://d2l.ai/', 'https://evil.com/', 'file:///etc/passwd'])('blocks a redirect to %s', (url) => {
    const event = navEvent(url);
    expect(guardRedirect(event)).toBe(false);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
  });
});

describe('windowOpenHandler (setWindowOpenHandler)', () => {
  it('denies the window but opens an allowed link externally', () => {
    const open = vi.fn(() => Promise.resolve());
    expect(windowOpenHandler(open)({ url: 'https://pytorch.org/docs/stable/index.html' })).toEqual({ action: 'deny' });
    expect(open).toHaveBeenCalledWith('https://pytorch.org/docs/stable/index.html');
  });

  it.each(['https://evil.com/', 'app://workbench/index.html', 'about:blank', 'file:///tmp/x.html'])('denies %s and opens nothing', (url) => {
    const open = vi.fn(() => Promise.resolve());
    expect(windowOpenHandler(open)({ url })).toEqual({ action: 'deny' });
    expect(open).not.toHaveBeenCalled();
  });
});

describe('preventWebview (will-attach-webview)', () => {
  it('always prevents attaching', () => {
    const event = { preventDefault: vi.fn() };
    preventWebview(event);
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
  });
});

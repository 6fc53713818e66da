import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { type HardenableContents, hardenWebContents } from '../../../src/main/electron/harden';

// A stand-in for WebContents: a real EventEmitter plus a recorded window-open handler.
class FakeContents extends EventEmitter {
  openHandler: ((details: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
}

function setup() {
  const contents = new FakeContents();
  const open = vi.fn(() => Promise.resolve());
  hardenWebContents(contents as unknown as HardenableContents, open);
  return { contents, open };
}

function fire(contents: FakeContents, name: string, url: string, extra: Record<string, unknown> = {}) {
  const event = { url, preventDefault: vi.fn(), ...extra };
  contents.emit(name, event, url);
  return event;
}

describe('hardenWebContents', () => {
  it('registers every guard', () => {
    const { contents } = setup();
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      expect(contents.listenerCount(name)).toBe(1);
    }
    expect(contents.openHandler).toBeTypeOf('function');
  });

  it('will-navigate: allows app://workbench, blocks and externally opens allowed links, blocks the rest', () => {
    const { contents, open } = setup();
    expect(fire(contents, 'will-navigate', 'app://workbench/index.html').preventDefault).not.toHaveBeenCalled();
    expect(fire(contents, 'will-navigate', 'https://d2l.ai/').preventDefault).toHaveBeenCalled();
    expect(open).toHaveBeenCalledWith('https://d2l.ai/');
    expect(fire(contents, 'will-navigate', 'https://evil.com/').preventDefault).toHaveBeenCalled();
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('will-frame-navigate: blocks sub-frames leaving the app, leaves main-frame handling to will-navigate', () => {
    const { contents, open } = setup();
    expect(fire(contents, 'will-frame-navigate', 'https://evil.com/', { isMainFrame: false }).preventDefault).toHaveBeenCalled();
    expect(fire(contents, 'will-frame-navigate', 'app://workbench/x.html', { isMainFrame: false }).preventDefault).not.toHaveBeenCalled();
    expect(fire(contents, 'will-frame-navigate', 'https://d2l.ai/', { isMainFrame: true }).preventDefault).not.toHaveBeenCalled();
    expect(open).not.toHaveBeenCalled();
  });

  it('will-redirect: allows in-app, blocks everything else', () => {
    const { contents } = setup();
    expect(fire(contents, 'will-redirect', 'app://workbench/index.html').preventDefault).not.toHaveBeenCalled();
    expect(fire(contents, 'will-redirect', 'https://d2l.ai/').preventDefault).toHaveBeenCalled();
  });

  it('will-attach-webview: always prevented', () => {
    const { contents } = setup();
    const event = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, {}, { src: 'app://workbench/index.html' });
    expect(event.preventDefault).toHaveBeenCalledTimes(1);
  });

  it('window.open: always denied; allowed links go to the system browser', () => {
    const { contents, open } = setup();
    expect(contents.openHandler?.({ url: 'https://zh.d2l.ai/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://evil.com/' })).toEqual({ action: 'deny' });
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith('https://zh.d2l.ai/');
  });
});

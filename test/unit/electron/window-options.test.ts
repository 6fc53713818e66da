import { describe, expect, it } from 'vitest';
import { WINDOW_TITLE, windowOptions } from '../../../src/main/electron/window-options';

describe('windowOptions', () => {
  const options = windowOptions('/app/out/preload/index.cjs');
  const prefs = options.webPreferences ?? {};

  it('isolates and sandboxes the renderer, with no Node and no webviews', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
    expect(prefs.allowRunningInsecureContent).toBe(false);
  });

  it('leaves web security on and enables no extra Blink features', () => {
    expect(prefs.webSecurity).not.toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect('additionalArguments' in prefs).toBe(false);
  });

  it('waits for ready-to-show and has a sensible size and title', () => {
    expect(options.show).toBe(false);
    expect(options.title).toBe(WINDOW_TITLE);
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? 0);
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? 0);
    expect(options.minWidth).toBeGreaterThanOrEqual(800);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
  });
});

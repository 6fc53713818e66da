// The one place BrowserWindow options are decided, following Electron's security checklist:
// isolated, sandboxed renderer with no Node, no webviews, no experimental Blink features.
import type { BrowserWindowConstructorOptions } from 'electron';

export const WINDOW_TITLE = 'D2L Workbench';

export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    backgroundColor: '#ffffff',
    // Shown on ready-to-show, so the user never sees an unpainted window.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

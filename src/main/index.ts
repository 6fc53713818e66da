// Electron main entry: a thin shell that wires the tested pieces together. Everything with a
// decision in it lives in ./electron/* (IPC in ./electron/ipc.ts); this file only calls Electron.
import { BrowserWindow, app, ipcMain, protocol, session, shell } from 'electron';
import { APP_NAME } from './data-dir';
import { EventHub } from './events';
import { TrainingService } from './services/training';
import { RunStore } from './services/runs/store';
import { announceRunsChanges } from './services/runs/watch';
import { trainingRecorder } from './services/runs/record-training';
import { createHandlers } from './handlers';
import { systemLangOf } from './electron/system-lang';
import { forwardEvents, registerIpc } from './electron/ipc';
import { createAppProtocolHandler, PRIVILEGED_SCHEMES } from './electron/app-protocol';
import { APP_SCHEME, START_URL } from './electron/app-url';
import { hardenWebContents } from './electron/harden';
import { hardenSession } from './electron/permissions';
import { appPaths, electronDataDir } from './electron/paths';
import { windowOptions } from './electron/window-options';

const windows = new Set<BrowserWindow>();
const openExternal = (url: string): Promise<void> => shell.openExternal(url);

function createWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preload));
  windows.add(win);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => windows.delete(win));
  win.loadURL(START_URL).catch((err: unknown) => console.error(`could not load ${START_URL}:`, err));
  return win;
}

function focus(win: BrowserWindow | undefined): void {
  if (!win) return;
  if (win.isMinimized()) win.restore();
  win.focus();
}

function main(): void {
  // Both must happen before `ready`: the name decides userData, the scheme must be privileged early.
  app.setName(APP_NAME);
  if (process.env.D2L_WORKBENCH_DATA) app.setPath('userData', electronDataDir(process.env, app.getPath('userData')));
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);
  app.enableSandbox();

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => focus([...windows][0]));
  // Every webContents, including any the app never meant to create, gets the navigation guards.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const paths = appPaths(import.meta.url);
  const events = new EventHub();
  // The store lives in userData, which is only final once `ready` has fired (setPath above).
  let training: TrainingService | undefined;
  // Quitting waits for runs in flight to be cancelled and saved: a run is never lost to a quit.
  let disposed = false;
  app.on('will-quit', (event) => {
    if (!training || disposed) return;
    event.preventDefault();
    disposed = true;
    void training.dispose().finally(() => app.quit());
  });

  app.whenReady().then(async () => {
    hardenSession(session.defaultSession);
    protocol.handle(APP_SCHEME, createAppProtocolHandler(paths.rendererRoot));
    const dataDir = electronDataDir(process.env, app.getPath('userData'));
    const runs = new RunStore(dataDir);
    // Before anything trains: the clean-up removes temp folders of this process id too.
    await runs.cleanupTemp().catch((err: unknown) => console.error('could not clean up interrupted saves:', err));
    training = new TrainingService({ events, dataDir, record: trainingRecorder(runs) });
    void announceRunsChanges(runs, events);
    const handlers = createHandlers({
      dataDir,
      runs,
      trash: (folder) => shell.trashItem(folder),
      mode: 'electron',
      systemLang: systemLangOf(app),
      training,
    });
    registerIpc(ipcMain, handlers, () => windows);
    forwardEvents(events, () => windows);
    createWindow(paths.preload);
    app.on('activate', () => {
      if (windows.size === 0) createWindow(paths.preload);
    });
  }).catch((err: unknown) => {
    console.error('d2l-workbench failed to start:', err);
    app.exit(1);
  });
}

main();

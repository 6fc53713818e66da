// Where the packaged pieces live relative to the built main script (out/main/index.js), and where
// the data goes. Kept free of Electron so it can be tested.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppPaths {
  preload: string;
  rendererRoot: string;
}

export function appPaths(mainModuleUrl: string): AppPaths {
  const mainDir = dirname(fileURLToPath(mainModuleUrl));
  return {
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    rendererRoot: join(mainDir, '..', 'renderer'),
  };
}

/**
 * The data directory, agreeing with data-dir.ts: D2L_WORKBENCH_DATA wins, else Electron's userData
 * for app name d2l-workbench (the same folder defaultDataDir computes without Electron).
 */
export function electronDataDir(env: NodeJS.ProcessEnv, userData: string): string {
  return env.D2L_WORKBENCH_DATA ? resolve(env.D2L_WORKBENCH_DATA) : userData;
}

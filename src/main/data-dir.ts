// The data directory is shared by the app and the CLI so that CLI runs appear in the app:
// Electron's userData for app name "d2l-workbench", computed here without Electron.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_NAME = 'd2l-workbench';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.D2L_WORKBENCH_DATA) return resolve(env.D2L_WORKBENCH_DATA);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}

/** `--data-dir` wins over the environment, which wins over the platform default. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ? resolve(flag) : defaultDataDir(env);
}

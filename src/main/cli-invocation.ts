// How a terminal runs this install's CLI, for the "same run from a terminal" line. The bundle knows
// where it lives (out/main/… inside the package), so it can tell a global install (its bin on
// PATH), a package inside a project's node_modules (npx from that project) and a checkout (npx
// from the checkout, which runs the package's own bin).
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { APP_NAME, defaultDataDir } from './data-dir';
import type { CliInvocation } from '../shared/terminal-command';

/** The package folder: the nearest parent of this bundle with our package.json. */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string | undefined {
  let dir = dirname(from);
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === APP_NAME) return dir;
    } catch {
      // No readable package.json here: look one level up.
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** True when `d2l-workbench` on PATH is this install's bin (npm i -g, npm link). */
function onPath(root: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  const ours = realpathOrSelf(join(root, 'bin', 'd2l-workbench.cjs'));
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, platform === 'win32' ? `${APP_NAME}.cmd` : APP_NAME);
    if (!existsSync(candidate)) continue;
    // npm's Windows shims are scripts naming the target; elsewhere the bin is a symlink to it.
    if (platform === 'win32') return true;
    return realpathOrSelf(candidate) === ours;
  }
  return false;
}

export interface InvocationOptions {
  dataDir: string;
  root?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}

export function cliInvocation(opts: InvocationOptions): CliInvocation {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const shell: CliInvocation['shell'] = platform === 'win32' ? 'cmd' : 'posix';
  const root = opts.root ?? packageRoot();
  // The CLI's own default, as a new terminal would compute it (without this process's overrides).
  const { D2L_WORKBENCH_DATA: _override, ...plainEnv } = env;
  const inv: CliInvocation = { command: `npx ${APP_NAME}`, shell };
  if (opts.dataDir !== defaultDataDir(plainEnv, platform, opts.home ?? homedir())) inv.dataDir = opts.dataDir;
  if (!root) return inv;
  if (onPath(root, env, platform)) return { ...inv, command: APP_NAME };
  const parent = dirname(root);
  // <project>/node_modules/d2l-workbench: npx finds it from the project folder.
  inv.cwd = basename(parent) === 'node_modules' ? dirname(parent) : root;
  return inv;
}

// A command the learner can paste into a terminal and have work: how this install runs its CLI
// (worked out by the main process, which knows where it is installed; see AppInfo.cli), the folder
// it must run in, the data folder the app uses, and the quoting of the learner's shell.

export interface CliInvocation {
  /** What starts the CLI: "d2l-workbench" when it is on PATH, else "npx d2l-workbench". */
  command: string;
  /** Where `command` works (npx finds the package only inside its project); absent when anywhere. */
  cwd?: string;
  /** The app's data folder when it is not the CLI's default, so the run lands where the app looks. */
  dataDir?: string;
  /** How to quote: POSIX shells, or Windows' cmd. */
  shell: 'posix' | 'cmd';
}

/** Used until the main process has said how (and in tests): npx, from the package folder. */
export const FALLBACK_INVOCATION: CliInvocation = { command: 'npx d2l-workbench', shell: 'posix' };

const PLAIN_POSIX = /^[A-Za-z0-9_@%+=:,./-][A-Za-z0-9_@%+=:,./~-]*$/;
const PLAIN_CMD = /^[A-Za-z0-9_@+=:,./\\~-]+$/;

/** One argument as the shell must see it: bare when safe, else quoted. */
export function quoteArg(arg: string, shell: CliInvocation['shell']): string {
  if (shell === 'cmd') return PLAIN_CMD.test(arg) ? arg : `"${arg.replace(/"/g, '""')}"`;
  return PLAIN_POSIX.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The whole line: `cd <folder> && <command> <args> [--data-dir <dir>]`. `dataDirFlag` adds the
 * data folder for subcommands that read or write runs.
 */
export function terminalCommand(inv: CliInvocation, args: readonly string[], opts: { dataDirFlag?: boolean } = {}): string {
  const parts = [inv.command, ...args.map((a) => quoteArg(a, inv.shell))];
  if (opts.dataDirFlag && inv.dataDir) parts.push('--data-dir', quoteArg(inv.dataDir, inv.shell));
  const line = parts.join(' ');
  if (!inv.cwd) return line;
  const cd = inv.shell === 'cmd' ? `cd /d ${quoteArg(inv.cwd, 'cmd')}` : `cd ${quoteArg(inv.cwd, 'posix')}`;
  return `${cd} && ${line}`;
}

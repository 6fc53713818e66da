// One exit code per kind of failure, the same in every subcommand (README "Command line"), and one
// way to word a failure: the message once, without repeated error codes or temp-file names.
import { UsageError } from './args';

export const EXIT = {
  ok: 0,
  /** Anything else that went wrong: a run that failed, a disk that is full, a bug. */
  failure: 1,
  /** Bad arguments: an unknown command, flag, experiment or format; a value out of range. */
  usage: 2,
  /** What was named does not exist: a file, a folder, a run, a note. */
  notFound: 3,
  /** It exists but cannot be used: a corrupt run or bundle, a file over its size limit. */
  badData: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A file or folder named on the command line that is not there (exit 3, whichever command). */
export class MissingFileError extends Error {
  readonly code = 'ENOENT';
  constructor(readonly path: string, what = 'file') {
    super(`no such ${what}: ${path}`);
    this.name = 'MissingFileError';
  }
}

const NOT_FOUND_CODES = new Set(['not-found', 'ENOENT', 'ENOTDIR']);
const BAD_DATA_CODES = new Set(['corrupt', 'too-large', 'invalid', 'no-params']);
const USAGE_CODES = new Set(['invalid-id', 'invalid-payload', 'unknown-request', 'forbidden']);

/** The exit code for an error thrown by any command. */
export function exitCodeOf(err: unknown): ExitCode {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof Error && err.name === 'BundleError') return EXIT.badData;
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  if (typeof code === 'string') {
    if (NOT_FOUND_CODES.has(code)) return EXIT.notFound;
    if (BAD_DATA_CODES.has(code)) return EXIT.badData;
    if (USAGE_CODES.has(code)) return EXIT.usage;
  }
  return EXIT.failure;
}

/** Node's "ENOENT: no such file or directory, open '…'" keeps only what a reader needs. */
export function errorMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  let message = err.message;
  const code = (err as { code?: unknown }).code;
  // "ENOENT ENOENT: …" and "ENOENT: …": the code is said once, in words, by Node's own text.
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    message = message.replace(new RegExp(`(^|: )(?:${code}:? )+`, 'g'), '$1');
  }
  // Temp files beside a file being written (`.x.npz.tmp-30958-ab12cd`) are named as the file itself.
  return message.replace(/([\\/]|^|'|")\.([^\\/'"]+)\.tmp-\d+-[0-9a-f]+/g, '$1$2');
}

/** Prints `d2l-workbench <command>: <message>` once and returns the exit code for it. */
export function reportCliError(command: string, err: unknown, write: (text: string) => void): ExitCode {
  write(`d2l-workbench ${command}: ${errorMessage(err)}\n`);
  return exitCodeOf(err);
}

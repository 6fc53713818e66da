// A small, strict argument parser: every flag is declared, unknown flags and bad values are
// reported in one line naming the flag and what is allowed (the CLI exits 2 on these).
import { didYouMean } from './did-you-mean';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagSpec =
  | { kind: 'boolean' }
  | { kind: 'string'; allowed?: readonly string[] }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'float'; min: number; max: number; minExclusive?: boolean };

export type FlagSpecs = Record<string, FlagSpec>;
export type FlagValues = Record<string, string | number | boolean | undefined>;

export interface ParsedArgs {
  positionals: string[];
  flags: FlagValues;
}

function parseNumber(flag: string, spec: Extract<FlagSpec, { kind: 'int' | 'float' }>, raw: string): number {
  const range = `${spec.kind === 'float' && spec.minExclusive ? '>' : '≥'} ${spec.min} and ≤ ${spec.max}`;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const what = spec.kind === 'int' ? 'a whole number' : 'a number';
  if (!Number.isFinite(value) || (spec.kind === 'int' && !Number.isInteger(value))) {
    throw new UsageError(`--${flag} must be ${what} ${range}, got "${raw}"`);
  }
  const low = spec.kind === 'float' && spec.minExclusive ? value <= spec.min : value < spec.min;
  if (low || value > spec.max) throw new UsageError(`--${flag} must be ${range}, got ${raw}`);
  return value;
}

/** Parses `--flag value`, `--flag=value` and boolean `--flag` / `--no-flag`. */
export function parseArgs(argv: readonly string[], specs: FlagSpecs): ParsedArgs {
  const positionals: string[] = [];
  const flags: FlagValues = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      if (arg.startsWith('-') && arg.length > 1 && !/^-\d/.test(arg)) {
        throw new UsageError(`unknown option ${arg}; known: ${Object.keys(specs).map((f) => `--${f}`).join(', ') || '(none)'}`);
      }
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    let name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    let inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    // Own keys only: `--__proto__` or `--constructor` must be unknown options, not Object.prototype.
    const own = (key: string): FlagSpec | undefined => (Object.prototype.hasOwnProperty.call(specs, key) ? specs[key] : undefined);
    const spec = own(name);
    if (!spec && name.startsWith('no-') && own(name.slice(3))?.kind === 'boolean' && inline === undefined) {
      name = name.slice(3);
      flags[name] = false;
      continue;
    }
    if (!spec) {
      throw new UsageError(`unknown option --${name}${didYouMean(`--${name}`, Object.keys(specs).map((f) => `--${f}`))}; known: ${Object.keys(specs).map((f) => `--${f}`).join(', ') || '(none)'}`);
    }
    if (spec.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value, got "${inline}"`);
      flags[name] = true;
      continue;
    }
    if (inline === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`--${name} needs a value${describe(spec)}`);
      }
      inline = next;
      i++;
    }
    if (spec.kind === 'string') {
      if (spec.allowed && !spec.allowed.includes(inline)) {
        throw new UsageError(`--${name} must be one of ${spec.allowed.join(', ')}; got "${inline}"${didYouMean(inline, spec.allowed)}`);
      }
      flags[name] = inline;
    } else {
      flags[name] = parseNumber(name, spec, inline);
    }
  }
  return { positionals, flags };
}

function describe(spec: FlagSpec): string {
  if (spec.kind === 'string') return spec.allowed ? ` (one of ${spec.allowed.join(', ')})` : '';
  if (spec.kind === 'boolean') return '';
  return ` (${spec.kind === 'int' ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max})`;
}

export function expectPositionals(parsed: ParsedArgs, min: number, max: number, usage: string): string[] {
  const n = parsed.positionals.length;
  if (n < min || n > max) throw new UsageError(n < min ? `missing argument; usage: ${usage}` : `unexpected argument "${parsed.positionals[max]}"; usage: ${usage}`);
  return parsed.positionals;
}

/**
 * A command's subcommand and the arguments after it: the first argument when it is not a flag,
 * refused by name unless it is one of `subcommands`, else `fallback` with every argument.
 */
export function splitSubcommand<S extends string>(
  argv: readonly string[],
  subcommands: readonly S[],
  fallback: S,
): { sub: S; rest: readonly string[] } {
  const first = argv[0];
  if (first === undefined || first.startsWith('-')) return { sub: fallback, rest: argv };
  if (!(subcommands as readonly string[]).includes(first)) {
    throw new UsageError(`unknown subcommand "${first.slice(0, 40)}"; subcommands: ${subcommands.join(', ')}`);
  }
  return { sub: first as S, rest: argv.slice(1) };
}

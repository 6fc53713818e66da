import { runBench } from '../bench';
import { parseArgs, expectPositionals } from './args';
import type { CliIo } from './io';
import { BENCH_USAGE } from './usage';


export async function benchCommand(argv: readonly string[], _io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, { json: { kind: 'boolean' }, quick: { kind: 'boolean' }, startup: { kind: 'boolean' } });
  expectPositionals(parsed, 0, 0, BENCH_USAGE);
  return runBench({ json: Boolean(parsed.flags.json), quick: Boolean(parsed.flags.quick), startupOnly: Boolean(parsed.flags.startup) });
}

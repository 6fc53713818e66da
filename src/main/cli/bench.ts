import { runBench } from '../bench';
import { parseArgs, expectPositionals } from './args';
import type { CliIo } from './io';

export const BENCH_USAGE = 'd2l-workbench bench [--json] [--quick]';

export async function benchCommand(argv: readonly string[], _io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, { json: { kind: 'boolean' }, quick: { kind: 'boolean' } });
  expectPositionals(parsed, 0, 0, BENCH_USAGE);
  await runBench({ json: Boolean(parsed.flags.json), quick: Boolean(parsed.flags.quick) });
  return 0;
}

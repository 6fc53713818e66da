import { SEED_SPEC, seedSpecOf, type HyperparameterSpec } from '../../shared/experiment-spec';
import type { Catalog } from '../experiments/catalog';
import { parseArgs, expectPositionals } from './args';
import type { CliIo } from './io';
import { EXPERIMENTS_USAGE } from './usage';

function range(h: HyperparameterSpec): string {
  return `${h.minExclusive ? '>' : '≥'} ${h.min} … ≤ ${h.max}`;
}

export function experimentsCommand(argv: readonly string[], io: CliIo, catalog: Catalog): number {
  const parsed = parseArgs(argv, { json: { kind: 'boolean' } });
  expectPositionals(parsed, 0, 0, EXPERIMENTS_USAGE);
  if (parsed.flags.json) {
    io.out(`${JSON.stringify({ experiments: catalog.specs, seed: SEED_SPEC }, null, 2)}\n`);
    return 0;
  }
  for (const e of catalog.specs) {
    io.out(`${e.id.padEnd(16)} ${e.section.padEnd(5)} ${e.title.en} / ${e.title.zh}\n`);
    for (const h of [...e.hyperparameters, seedSpecOf(e)]) {
      io.out(`    --${h.flag.padEnd(12)} default ${String(h.default).padEnd(8)} ${range(h)}\n`);
    }
  }
  return 0;
}

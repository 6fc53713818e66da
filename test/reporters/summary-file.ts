// Each test runner's reporter writes its counts here; scripts/test-all.mjs sums them into the
// one closing line CI reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SuiteCounts {
  passed: number;
  failed: number;
  skipped: number;
}

export function writeCounts(suite: string, counts: SuiteCounts): void {
  const dir = process.env.D2L_TEST_SUMMARY_DIR ?? join(process.cwd(), '.test-summary');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${suite}.json`), JSON.stringify(counts));
}

export function countsLine(counts: SuiteCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`;
}

import type { Reporter, TestModule } from 'vitest/node';
import { countsLine, writeCounts, type SuiteCounts } from './summary-file';

/** Counts test cases by final state; an unhandled error or a module that failed to load counts as a failure. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts: SuiteCounts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const mod of testModules) {
      let cases = 0;
      for (const test of mod.children.allTests()) {
        cases++;
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'failed') counts.failed++;
        else counts.skipped++;
      }
      if (cases === 0 && mod.state() === 'failed') counts.failed++;
    }
    writeCounts('vitest', counts);
    process.stdout.write(`vitest: ${countsLine(counts)}\n`);
  }
}

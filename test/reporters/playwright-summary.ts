import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';
import { countsLine, writeCounts, type SuiteCounts } from './summary-file';

/** Counts each test once by its final outcome (retries do not double count). */
export default class SummaryReporter implements Reporter {
  private readonly outcomes = new Map<TestCase, ReturnType<TestCase['outcome']>>();
  private errors = 0;

  onTestEnd(test: TestCase, _result: TestResult): void {
    this.outcomes.set(test, test.outcome());
  }

  onError(): void {
    this.errors++;
  }

  onEnd(_result: FullResult): void {
    const counts: SuiteCounts = { passed: 0, failed: this.errors, skipped: 0 };
    for (const outcome of this.outcomes.values()) {
      if (outcome === 'expected' || outcome === 'flaky') counts.passed++;
      else if (outcome === 'skipped') counts.skipped++;
      else counts.failed++;
    }
    writeCounts('playwright', counts);
    process.stdout.write(`playwright: ${countsLine(counts)}\n`);
  }

  printsToStdio(): boolean {
    return false;
  }
}

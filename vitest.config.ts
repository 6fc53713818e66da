import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests never touch the user's real data directory: anything that falls back to the default
// (D2L_WORKBENCH_DATA) writes into a fresh temporary folder instead.
const scratchData = mkdtempSync(join(tmpdir(), 'd2l-vitest-data-'));

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/golden/**/*.test.ts'],
    environment: 'node',
    env: { D2L_WORKBENCH_DATA: scratchData },
    // Limits that hold when the suite shares two cores with other work (issue 12): a test that
    // takes seconds alone took several times that under load, and hooks (a Vite build) too.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/reporters/vitest-summary.ts'],
  },
});

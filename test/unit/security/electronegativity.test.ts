// The Electronegativity wrapper: the real tree has no finding outside the reviewed baseline, and a
// window option planted in a copy of src/ is reported as new (exit 1, naming the check and file).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const WRAPPER = join(ROOT, 'scripts/electronegativity.mjs');
const BASELINE = join(ROOT, '.electronegativity/baseline.json');

function wrapper(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [WRAPPER, ...args], { encoding: 'utf8', timeout: 280_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts/electronegativity.mjs', () => {
  it('finds nothing outside the baseline in src/ (and out/ when built)', () => {
    const targets = existsSync(join(ROOT, 'out/main/index.js')) ? 'src,out' : 'src';
    const r = wrapper(['--targets', targets]);
    expect(r.stdout).toMatch(/ 0 new\n$/);
    expect(r.stdout).not.toContain('NEW FINDING');
    expect(r.code).toBe(0);
  }, 300_000);

  it('reports a planted webSecurity: false as a new finding and exits 1', () => {
    const copy = mkdtempSync(join(tmpdir(), 'd2l-electronegativity-'));
    try {
      cpSync(join(ROOT, 'src'), join(copy, 'src'), { recursive: true });
      cpSync(join(ROOT, 'package.json'), join(copy, 'package.json'));
      writeFileSync(
        join(copy, 'src/main/planted.ts'),
        "import { BrowserWindow } from 'electron';\nexport const w = new BrowserWindow({ webPreferences: { webSecurity: false } });\n",
      );
      const r = wrapper(['--root', copy, '--targets', 'src', '--baseline', BASELINE]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/NEW FINDING WEB_SECURITY_JS_CHECK at src\/main\/planted\.ts:2:\d+/);
      // Everything else in the copy is the reviewed baseline: the planted file is the only new finding.
      expect(r.stdout.match(/NEW FINDING/g)?.length).toBe((r.stdout.match(/NEW FINDING \w+ at src\/main\/planted\.ts/g) ?? []).length);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 300_000);

  it('refuses a baseline entry without a justification', () => {
    const dir = mkdtempSync(join(tmpdir(), 'd2l-electronegativity-baseline-'));
    try {
      const bad = join(dir, 'baseline.json');
      writeFileSync(bad, JSON.stringify({ accepted: [{ key: 'SANDBOX_JS_CHECK src/x.ts', why: '' }] }));
      const r = wrapper(['--targets', 'src', '--baseline', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/every accepted finding needs a "key" and a one-line "why"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

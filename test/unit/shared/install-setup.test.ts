// The install stays quiet except for the warnings the README explains (issue 14 item 14): the
// supported Node is stated once in `engines` and the README and includes the Node running this;
// every dependency with an install script is reviewed in `allowScripts` (no advisory block); the
// only project config npm does not know is the one the README explains.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string }; allowScripts?: Record<string, boolean> };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** `^a.b.c || >=x.y.z` style ranges only: what `engines` uses here. */
function satisfies(version: string, range: string): boolean {
  const v = version.split('.').map(Number);
  const cmp = (w: number[]): number => {
    for (let i = 0; i < 3; i++) if (v[i]! !== w[i]!) return v[i]! - w[i]!;
    return 0;
  };
  return range.split('||').some((part) => {
    const m = /^\s*(\^|>=)(\d+)\.(\d+)\.(\d+)\s*$/.exec(part);
    if (!m) throw new Error(`unexpected engines range part ${JSON.stringify(part)}`);
    const w = [Number(m[2]), Number(m[3]), Number(m[4])];
    return m[1] === '>=' ? cmp(w) >= 0 : v[0] === w[0] && cmp(w) >= 0;
  });
}

describe('install set-up', () => {
  it('states the supported Node in engines and the README, and this Node is one of them', () => {
    expect(pkg.engines.node).toBe('^20.20.0 || >=22.12.0');
    expect(readme).toContain('Node **20.20+ or 22.12+**');
    expect(satisfies(process.versions.node, pkg.engines.node)).toBe(true);
    expect(satisfies('20.19.0', pkg.engines.node)).toBe(false);
    expect(satisfies('21.7.0', pkg.engines.node)).toBe(false);
    expect(satisfies('22.12.0', pkg.engines.node)).toBe(true);
  });

  it('reviews every dependency install script in allowScripts', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of withScripts) expect(pkg.allowScripts, name).toHaveProperty([name]);
  });

  it('has only the .npmrc keys the README explains', () => {
    const keys = readFileSync(join(ROOT, '.npmrc'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && !l.startsWith(';'))
      .map((l) => l.split('=')[0]!.trim());
    expect(keys).toEqual(['onnxruntime-node-install']);
    expect(readme).toContain('Unknown project config "onnxruntime-node-install"');
  });
});

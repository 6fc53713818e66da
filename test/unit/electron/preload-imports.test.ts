// A sandboxed preload can require only 'electron'. This walks the preload's runtime import graph
// (type-only imports are erased by the build) and fails if anything else would be required.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const IMPORT = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function runtimeImports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1] ?? '');
}

function walk(entry: string): { files: string[]; bare: string[] } {
  const files = new Set<string>();
  const bare = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), `${spec}.ts`));
      else bare.add(spec);
    }
  }
  return { files: [...files], bare: [...bare] };
}

describe('preload import graph', () => {
  const { files, bare } = walk(resolve(ROOT, 'src/preload/index.ts'));

  it("requires nothing at run time but 'electron'", () => {
    expect(bare).toEqual(['electron']);
  });

  it('stays small: no schema library, no main-process services', () => {
    const rel = files.map((f) => f.slice(ROOT.length + 1)).sort();
    expect(rel).toEqual([
      'src/main/electron/channels.ts',
      'src/preload/api.ts',
      'src/preload/index.ts',
      'src/shared/names.ts',
    ]);
  });
});

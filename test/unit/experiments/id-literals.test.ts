// Issue 13: an experiment lives in one place. Outside its own definition (src/main/experiments/)
// no source file may name an experiment by a literal id: code that must refer to one takes it from
// the definition (`linregConcise.spec.id`), so renaming or removing an experiment cannot leave a
// silent special case behind.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/main/experiments/catalog';

const ROOT = join(__dirname, '..', '..', '..');
const OWN_PLACE = join('src', 'main', 'experiments');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return relative(ROOT, path) === OWN_PLACE ? [] : sourceFiles(path);
    return /\.(ts|svelte)$/.test(e.name) ? [path] : [];
  });
}

/** The code of a file without its comments (a comment may mention an experiment by name). */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .split('\n')
    .map((line) => line.replace(/(^|\s)\/\/.*$/, ''))
    .join('\n');
}

describe('experiment ids', () => {
  const ids = CATALOG.specs.map((s) => s.id);
  const files = sourceFiles(join(ROOT, 'src'));

  it('are read from a real catalog and a real source tree', () => {
    expect(ids.length).toBeGreaterThanOrEqual(15);
    expect(files.length).toBeGreaterThan(100);
  });

  it('appear as literals only inside src/main/experiments/', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = code(readFileSync(file, 'utf8'));
      for (const id of ids) {
        if (new RegExp(`['"\`]${id.replace(/[-]/g, '\\-')}['"\`]`).test(text)) found.push(`${relative(ROOT, file)}: ${id}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('would be found: the check sees a literal id in code but not in a comment', () => {
    const id = ids[0]!;
    expect(new RegExp(`['"\`]${id}['"\`]`).test(code(`const x = '${id}';`))).toBe(true);
    expect(new RegExp(`['"\`]${id}['"\`]`).test(code(`// the \`${id}\` experiment`))).toBe(false);
  });
});

// Web mode answers the first screen's experiment list from a module the build writes beside the
// built serve command (issue 15); it must be the catalog's list exactly, and absent it serve asks
// the catalog.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXPERIMENT_SPECS_FILE, prebuiltSpecs } from '../../../src/main/cli/prebuilt-specs';
import { CATALOG } from '../../../src/main/experiments/catalog';

const ROOT = resolve(import.meta.dirname, '../../..');
const CHUNKS = join(ROOT, 'out', 'main-chunks.json');
const scratch = mkdtempSync(join(tmpdir(), 'd2l-prebuilt-specs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('prebuiltSpecs', () => {
  it('is undefined when no file was built beside the module', async () => {
    expect(await prebuiltSpecs(pathToFileURL(join(scratch, 'serve.js')).href)).toBeUndefined();
  });

  it('returns a copy of the list each time', async () => {
    const dir = mkdtempSync(join(scratch, 'built-'));
    writeFileSync(join(dir, EXPERIMENT_SPECS_FILE), 'export const EXPERIMENT_SPECS = [{ "id": "a", "title": { "en": "A" } }];\n');
    const at = pathToFileURL(join(dir, 'serve.js')).href;
    const first = await prebuiltSpecs(at);
    expect(first).toEqual([{ id: 'a', title: { en: 'A' } }]);
    (first![0] as { id: string }).id = 'changed';
    expect(await prebuiltSpecs(at)).toEqual([{ id: 'a', title: { en: 'A' } }]);
  });

  it('refuses a file without the list', async () => {
    const dir = mkdtempSync(join(scratch, 'broken-'));
    writeFileSync(join(dir, EXPERIMENT_SPECS_FILE), 'export const OTHER = 1;\n');
    await expect(prebuiltSpecs(pathToFileURL(join(dir, 'serve.js')).href)).rejects.toThrow(/holds no EXPERIMENT_SPECS/);
  });
});

const built = existsSync(CHUNKS);
if (!built) console.warn('SKIPPING the built experiment list check: out/main-chunks.json is missing (run `npm run build`)');

describe.skipIf(!built)('the built experiment list', () => {
  it('sits beside the built serve command and equals the catalog\'s specs', async () => {
    const chunks = (JSON.parse(readFileSync(CHUNKS, 'utf8')) as { chunks: { file: string; modules: string[] }[] }).chunks;
    const serve = chunks.find((c) => c.modules.includes('src/main/cli/serve.ts'));
    expect(serve).toBeDefined();
    const beside = pathToFileURL(join(ROOT, 'out', 'main', dirname(serve!.file), 'serve.js')).href;
    expect(await prebuiltSpecs(beside)).toEqual(CATALOG.specs);
  });
});

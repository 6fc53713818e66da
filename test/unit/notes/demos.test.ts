// The notes' live engine snippets (notes/demos/<id>.ts, shown by a ```demo <id> fence): each one runs
// on the engine, prints something, prints the same thing every time, type-checks against the real
// engine API, and every fence in the notes names a snippet that exists.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { arange, tensor } from '../../../src/main/engine';
import { loadBuiltinNotes } from '../../../src/main/services/notes/builtin';
import { collectingPrint, formatValue, type Print } from '../../../notes/demos/print';

// Vite needs the glob patterns literally; print.ts is the snippets' helper, not a snippet.
interface DemoModule {
  default: (print: Print) => void;
}

const MODULES = import.meta.glob<DemoModule>(['../../../notes/demos/*.ts', '!../../../notes/demos/print.ts'], { eager: true });
const SOURCES = import.meta.glob<string>(['../../../notes/demos/*.ts', '!../../../notes/demos/print.ts'], { query: '?raw', import: 'default', eager: true });

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const idOf = (path: string): string => /\/notes\/demos\/([^/]+)\.ts$/.exec(path)![1]!;

const demos = Object.entries(MODULES).map(([path, mod]) => ({ id: idOf(path), path, run: mod.default, source: SOURCES[path]! }));
const demoIds = new Set(demos.map((d) => d.id));
const notes = loadBuiltinNotes();

/** The demo ids a note's Markdown shows, in order; a `demo` fence without a valid id is reported as such. */
function demoFences(markdown: string): string[] {
  return [...markdown.matchAll(/^[ \t]{0,3}(`{3,}|~{3,})[ \t]*demo\b(.*)$/gm)].map((m) => {
    const arg = m[2]!.trim();
    return ID.test(arg) ? arg : `<bad demo fence: "${m[0].trim()}">`;
  });
}

function run(demo: (print: Print) => void): string[] {
  const { print, lines } = collectingPrint();
  demo(print);
  return lines;
}

describe('note demos', () => {
  it('exist, with ids the fences can name', () => {
    expect(demos.length).toBeGreaterThanOrEqual(20);
    for (const d of demos) expect(d.id, d.path).toMatch(ID);
  });

  it.each(demos.map((d) => [d.id, d] as const))('%s follows the file convention', (_id, d) => {
    const lines = d.source.split('\n');
    expect(lines[0], 'first line: one comment saying what the snippet shows').toMatch(/^\/\/ \S.{10,}$/);
    expect(d.source).toMatch(/^export default function demo\(print: Print\): void \{$/m);
    expect(d.source.match(/^\s*\/\/ demo:start$/gm), 'one // demo:start').toHaveLength(1);
    expect(d.source.match(/^\s*\/\/ demo:end$/gm), 'one // demo:end').toHaveLength(1);
    const start = d.source.indexOf('// demo:start');
    const end = d.source.indexOf('// demo:end');
    expect(start).toBeLessThan(end);
    expect(d.source.slice(start, end).split('\n').length, 'the shown part has code').toBeGreaterThan(2);
    for (const [, from] of d.source.matchAll(/^import .* from '([^']+)';$/gm)) {
      expect(['../../src/main/engine', './print'], `${d.id} imports ${from}`).toContain(from);
    }
  });

  it.each(demos.map((d) => [d.id, d] as const))('%s runs, prints, and prints the same on a second run', (_id, d) => {
    const first = run(d.run);
    expect(first.length).toBeGreaterThan(0);
    expect(first.join('\n').trim()).not.toBe('');
    // Seeded generators only: what the note's reader sees is what the snippet prints for everyone.
    expect(run(d.run)).toEqual(first);
  });

  // Builds a TypeScript program over the engine: seconds, more on a busy machine.
  it('type-check against the engine API', { timeout: 120_000 }, () => {
    const here = dirname(fileURLToPath(import.meta.url));
    const root = join(here, '../../..');
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p));
    const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
    const files = [...demos.map((d) => d.path), '../../../notes/demos/print.ts'].map((p) => join(here, p));
    const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
    const problems = ts.getPreEmitDiagnostics(program).map((diag) => {
      const where = diag.file ? `${diag.file.fileName.slice(root.length + 1)}:${diag.file.getLineAndCharacterOfPosition(diag.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diag.messageText, '\n')}`;
    });
    expect(problems).toEqual([]);
  });

  it('every demo fence in the notes names a demo file, zh and en show the same demos, and every demo is shown', () => {
    const shown = new Set<string>();
    for (const note of notes) {
      const en = demoFences(note.text.en ?? '');
      const zh = demoFences(note.text.zh ?? '');
      expect(zh, `${note.id}: zh and en show the same demos in the same order`).toEqual(en);
      for (const id of en) {
        expect(demoIds.has(id), `${note.id}: \`\`\`demo ${id} has no notes/demos/${id}.ts`).toBe(true);
        shown.add(id);
      }
    }
    expect([...demoIds].filter((id) => !shown.has(id)), 'demos no note shows').toEqual([]);
  });

  it('format values the way a reader expects: tensors as the engine prints them, the rest plainly', () => {
    const X = arange(6).reshape(2, 3);
    expect(formatValue(X)).toBe(X.toString());
    expect(formatValue(tensor(1.5, { requiresGrad: true }))).toBe('tensor(1.5000, requires_grad=True)');
    expect(formatValue(X.shape)).toBe('[2, 3]');
    expect(formatValue([1, 'a', [true, null]])).toBe('[1, a, [true, null]]');
    expect(formatValue(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatValue(-Infinity)).toBe('-inf');
    expect(formatValue(new Float32Array([1, 0.5]))).toBe('Float32Array [1, 0.5]');
    expect(formatValue({ a: 1 })).toBe('{"a":1}');
    expect(formatValue(new RangeError('bad'))).toBe('RangeError: bad');
    const { print, lines } = collectingPrint();
    print('shape', X.shape, 3);
    expect(lines).toEqual(['shape [2, 3] 3']);
  });
});

// The notes' live engine snippets (notes/demos/<id>.ts), bundled into the main process at build
// time: the card's code (the lines between `// demo:start` and `// demo:end`) and a run on the
// engine here, collecting what the snippet prints. Snippets are tiny and synchronous.
import type { NoteDemo, NoteDemoRun } from '../../../shared/notes';
import { WorkbenchError } from '../../../shared/api';
import { collectingPrint, type Print } from '../../../../notes/demos/print';

interface DemoModule {
  default: (print: Print) => void;
}

// Vite needs the patterns literally; print.ts is the snippets' helper, not a snippet.
const MODULES = import.meta.glob<DemoModule>(['../../../../notes/demos/*.ts', '!../../../../notes/demos/print.ts'], { eager: true });
const SOURCES = import.meta.glob<string>(['../../../../notes/demos/*.ts', '!../../../../notes/demos/print.ts'], { query: '?raw', import: 'default', eager: true });

const idOf = (path: string): string => /\/notes\/demos\/([^/]+)\.ts$/.exec(path)![1]!;

const DEMOS: ReadonlyMap<string, { run: DemoModule['default']; source: string }> = new Map(
  Object.entries(MODULES).map(([path, mod]) => [idOf(path), { run: mod.default, source: SOURCES[path]! }]),
);

export function demoIds(): string[] {
  return [...DEMOS.keys()].sort();
}

function demo(id: string): { run: DemoModule['default']; source: string } {
  const d = DEMOS.get(id);
  if (!d) throw new WorkbenchError({ code: 'not-found', message: `no live snippet "${id}" (notes/demos/${id}.ts)` });
  return d;
}

/** The shown part of a snippet: between the markers, common indentation removed. */
export function demoExcerpt(source: string): string {
  const lines = source.split('\n');
  const start = lines.findIndex((l) => l.trim() === '// demo:start');
  const end = lines.findIndex((l) => l.trim() === '// demo:end');
  const body = start >= 0 && end > start ? lines.slice(start + 1, end) : lines;
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return body.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

export function getDemo(id: string): NoteDemo {
  return { id, code: demoExcerpt(demo(id).source) };
}

export function runDemo(id: string): NoteDemoRun {
  const d = demo(id);
  const { print, lines } = collectingPrint();
  try {
    d.run(print);
    return { id, lines };
  } catch (err) {
    return { id, lines, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

// The first screen (issue 15): index.html loads the entry chunk, its static imports and its CSS,
// and nothing heavy: KaTeX, markdown-it and highlight.js arrive with the notes view, ECharts part
// by part with the charts, KaTeX's fonts with its CSS. Read from the built renderer and from
// out/renderer-chunks.json, which the build writes (see chunkMap in electron.vite.config.ts).
// Structure only; the timings are in `npm run bench:start`.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const RENDERER = join(ROOT, 'out', 'renderer');
const MAP = join(ROOT, 'out', 'renderer-chunks.json');
const built = existsSync(join(RENDERER, 'index.html')) && existsSync(MAP);
if (!built) console.warn('SKIPPING first-screen checks: out/renderer or out/renderer-chunks.json is missing (run `npm run build`)');

interface Chunk {
  file: string;
  isEntry: boolean;
  bytes: number;
  imports: string[];
  dynamicImports: string[];
  css: string[];
  modules: string[];
}

const chunks = (): Map<string, Chunk> =>
  new Map((JSON.parse(readFileSync(MAP, 'utf8')) as { chunks: Chunk[] }).chunks.map((c) => [c.file, c]));

/** A chunk and everything it imports statically: what loads, at the latest, when it runs. */
function closure(all: Map<string, Chunk>, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const dep of all.get(file)?.imports ?? []) closure(all, dep, seen);
  return seen;
}

const modulesOf = (all: Map<string, Chunk>, files: Iterable<string>): string[] => [...files].flatMap((f) => all.get(f)?.modules ?? []);

/** The chunk holding a module, by a pattern on its path. */
function chunkWith(all: Map<string, Chunk>, pattern: RegExp): Chunk {
  const found = [...all.values()].filter((c) => c.modules.some((m) => pattern.test(m)));
  expect(found, `exactly one chunk holds ${pattern}`).toHaveLength(1);
  return found[0]!;
}

const HEAVY = /node_modules\/(katex|markdown-it|highlight\.js|echarts|zrender|linkify-it|entities)\/|src\/renderer\/src\/notes\/markdown\/|virtual:echarts-part\//;

describe.skipIf(!built)('the first screen', () => {
  it('index.html loads the entry chunk, its static imports and its CSS, nothing else', () => {
    const all = chunks();
    const entries = [...all.values()].filter((c) => c.isEntry);
    expect(entries).toHaveLength(1);
    const first = closure(all, entries[0]!.file);
    const html = readFileSync(join(RENDERER, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
    expect(new Set(scripts)).toEqual(first);
    const styles = [...html.matchAll(/<link rel="stylesheet"[^>]+href="\.\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]);
    expect(styles).toEqual(entries[0]!.css);
  });

  it('reads the experiment list web mode embeds in the page (boot data), checked by the reply\'s schema', () => {
    const all = chunks();
    const modules = modulesOf(all, closure(all, [...all.values()].find((c) => c.isEntry)!.file));
    expect(modules).toContain('src/renderer/src/lib/boot-data.ts');
    expect(modules).toContain('src/shared/experiment-spec-schema.ts');
  });

  it('holds no KaTeX, markdown-it, highlight.js or ECharts', () => {
    const all = chunks();
    const first = closure(all, [...all.values()].find((c) => c.isEntry)!.file);
    expect(modulesOf(all, first).filter((m) => HEAVY.test(m))).toEqual([]);
    // The notes view itself is loaded on demand too.
    expect(modulesOf(all, first)).not.toContain('src/renderer/src/notes/NotesMain.svelte');
  });

  it('declares no fonts: KaTeX\'s come with the notes view\'s CSS', () => {
    const all = chunks();
    const entry = [...all.values()].find((c) => c.isEntry)!;
    for (const css of entry.css) expect(readFileSync(join(RENDERER, css), 'utf8')).not.toMatch(/@font-face|KaTeX_/);
    const notes = chunkWith(all, /^src\/renderer\/src\/notes\/NotesMain\.svelte$/);
    expect(notes.css.map((f) => readFileSync(join(RENDERER, f), 'utf8')).join('')).toMatch(/@font-face\{[^}]*font-family:KaTeX_Main/);
  });

  it('KaTeX, markdown-it and highlight.js load with the notes view', () => {
    const all = chunks();
    const notes = closure(all, chunkWith(all, /^src\/renderer\/src\/notes\/NotesMain\.svelte$/).file);
    const modules = modulesOf(all, notes);
    for (const lib of ['katex', 'markdown-it', 'highlight.js']) expect(modules.some((m) => m.startsWith(`node_modules/${lib}/`)), lib).toBe(true);
  });

  it('each ECharts chart type loads on its own: a line chart does not load the heatmap, nor the heatmap the line', () => {
    const all = chunks();
    const line = modulesOf(all, closure(all, chunkWith(all, /^virtual:echarts-part\/charts\/LineChart$/).file));
    const heatmap = modulesOf(all, closure(all, chunkWith(all, /^virtual:echarts-part\/charts\/HeatmapChart$/).file));
    expect(line.some((m) => m.includes('echarts/lib/chart/line/'))).toBe(true);
    expect(line.filter((m) => /echarts\/lib\/(chart\/heatmap|component\/visualMap)\//.test(m))).toEqual([]);
    expect(heatmap.filter((m) => m.includes('echarts/lib/chart/line/'))).toEqual([]);
  });
});

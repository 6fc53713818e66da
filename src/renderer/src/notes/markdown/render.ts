// The note pipeline: Markdown → sanitised HTML + the outline of its headings. markdown-it runs
// with `html: false`, so raw HTML in a note is shown as text and never reaches the DOM; the only
// markup in the output is what these rules emit (KaTeX's, highlight.js's and the placeholders').
import markdownit from 'markdown-it';
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { fencesPlugin, type NotesEnv } from './fences';
import { linksPlugin } from './links';
import { mathPlugin } from './math';

export interface OutlineEntry {
  level: number;
  text: string;
  id: string;
}

export interface RenderedNote {
  html: string;
  outline: OutlineEntry[];
  runCards: number;
}

function plainOf(inline: Token | undefined): string {
  if (!inline?.children) return inline?.content ?? '';
  return inline.children.map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : c.children ? plainOf(c) : c.content)).join('').trim();
}

function headingIds(state: StateCore): void {
  const env = state.env as unknown as NotesEnv & { outline: OutlineEntry[] };
  let n = 0;
  state.tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const id = `${env.idPrefix}h-${n++}`;
    t.attrSet('id', id);
    env.outline.push({ level: Number(t.tag.slice(1)), text: plainOf(state.tokens[i + 1]), id });
  });
}

function createMarkdown(): MarkdownIt {
  const md = markdownit({ html: false, linkify: true, typographer: false, breaks: false });
  // Offline app with img-src 'self': remote images could never load; data: images are not wanted.
  md.disable('image');
  md.use(mathPlugin).use(fencesPlugin).use(linksPlugin);
  md.core.ruler.push('nb_heading_ids', headingIds);
  md.renderer.rules.table_open = () => '<div class="nb-table"><table>\n';
  md.renderer.rules.table_close = () => '</table></div>\n';
  return md;
}

let shared: MarkdownIt | undefined;

/** `idPrefix` keeps element ids unique when two notes are on screen (view and editor preview). */
export function renderNote(markdown: string, idPrefix = 'n-'): RenderedNote {
  shared ??= createMarkdown();
  const env: NotesEnv & { outline: OutlineEntry[] } = { idPrefix, tabSets: 0, runCards: 0, outline: [] };
  const html = shared.render(markdown, env as unknown as Record<string, unknown>);
  return { html, outline: env.outline, runCards: env.runCards };
}

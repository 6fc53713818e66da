// The note pipeline: Markdown → sanitised HTML + the outline of its headings. markdown-it runs
// with `html: false`, so raw HTML in a note is shown as text and never reaches the DOM; the only
// markup in the output is what these rules emit (KaTeX's, highlight.js's and the placeholders').
import markdownit from 'markdown-it';
import type { MarkdownIt, StateCore, Token } from 'markdown-it';
import { fencesPlugin, type NotesEnv } from './fences';
import { linksPlugin } from './links';
import { mathPlugin, type MathEnv } from './math';

export interface OutlineEntry {
  level: number;
  text: string;
  id: string;
}

export interface RenderedNote {
  html: string;
  /** The first MAX_OUTLINE headings (a note of 70,000 headings must not make 70,000 outline links). */
  outline: OutlineEntry[];
  /** How many headings the note has in all. */
  headings: number;
  runCards: number;
  /** Formulas shown as source because the note has more than MAX_FORMULAS. */
  formulasCapped: number;
}

/** Headings listed in the outline beside a note. */
export const MAX_OUTLINE = 500;

function plainOf(inline: Token | undefined): string {
  if (!inline?.children) return inline?.content ?? '';
  return inline.children.map((c) => (c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : c.children ? plainOf(c) : c.content)).join('').trim();
}

type RenderEnv = NotesEnv & MathEnv & { outline: OutlineEntry[]; headings: number };

function headingIds(state: StateCore): void {
  const env = state.env as unknown as RenderEnv;
  state.tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const id = `${env.idPrefix}h-${env.headings++}`;
    t.attrSet('id', id);
    if (env.outline.length < MAX_OUTLINE) env.outline.push({ level: Number(t.tag.slice(1)), text: plainOf(state.tokens[i + 1]), id });
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
  const env: RenderEnv = { idPrefix, tabSets: 0, runCards: 0, outline: [], headings: 0 };
  const html = shared.render(markdown, env as unknown as Record<string, unknown>);
  return { html, outline: env.outline, headings: env.headings, runCards: env.runCards, formulasCapped: env.formulasCapped ?? 0 };
}

/** What NotesView shows: the rendered note, or why it could not be rendered (then it shows the source). */
export type ShownNote = RenderedNote & { error?: string };

/**
 * renderNote that never throws: a note whose Markdown or maths breaks the pipeline (however it
 * manages to) is shown as its source with the error, and the note's Edit and Delete stay usable.
 */
export function renderNoteSafely(markdown: string, idPrefix = 'n-'): ShownNote {
  try {
    return renderNote(markdown, idPrefix);
  } catch (err) {
    return { html: '', outline: [], headings: 0, runCards: 0, formulasCapped: 0, error: err instanceof Error ? err.message : String(err) };
  }
}

// Full-text search over notes. Chinese has no spaces to split words on, so matching is a plain
// case-insensitive substring test per line: it finds "梯度下降" and "gradient descent" alike. One
// hit per (note, language, section) keeps a term that recurs in a section from flooding the list.
import type { Lang } from '../../../shared/api';
import type { NoteSearchHit, NoteSource } from '../../../shared/notes';
import { atxHeadingText } from './txt-to-markdown';

export interface SearchableDoc {
  id: string;
  source: NoteSource;
  lang: Lang;
  title: string;
  markdown: string;
}

const SNIPPET_CONTEXT = 50;

/** Markdown line → the text a reader sees (near enough for a snippet). */
export function plainText(line: string): string {
  return line
    .replace(/^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)/, '')
    // Brackets excluded inside the label and parentheses inside the target keep this linear on a
    // line of 100,000 `[a](` (with `[^\]]*` and `[^)]*` it was quadratic).
    .replace(/!?\[([^\][]*)\]\([^()]*\)/g, '$1')
    .replace(/\\\(|\\\)|\$+/g, '')
    .replace(/(\*\*|__|`+)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function snippetAround(text: string, at: number, length: number): string {
  const start = Math.max(0, at - SNIPPET_CONTEXT);
  const end = Math.min(text.length, at + length + SNIPPET_CONTEXT);
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

export function searchDocs(docs: readonly SearchableDoc[], query: string, maxHits: number): NoteSearchHit[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const titleHits: NoteSearchHit[] = [];
  const hits: NoteSearchHit[] = [];
  for (const doc of docs) {
    let heading = '';
    let inFence = false;
    const seen = new Set<string>();
    for (const line of doc.markdown.split('\n')) {
      const fenceLine = /^\s{0,3}(```|~~~)/.test(line);
      if (!inFence && !fenceLine) {
        const h = atxHeadingText(line);
        if (h !== undefined) heading = plainText(h);
      }
      if (fenceLine) inFence = !inFence;
      const text = fenceLine ? '' : plainText(line);
      const at = text.toLowerCase().indexOf(needle);
      if (at < 0 || seen.has(heading)) continue;
      seen.add(heading);
      const hit: NoteSearchHit = { id: doc.id, source: doc.source, lang: doc.lang, title: doc.title, heading, snippet: snippetAround(text, at, needle.length) };
      // Matches in a heading or title read as the best answers: list them first.
      (heading.toLowerCase().includes(needle) ? titleHits : hits).push(hit);
    }
  }
  return [...titleHits, ...hits].slice(0, maxHits);
}

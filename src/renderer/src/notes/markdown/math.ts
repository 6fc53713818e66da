// A markdown-it plugin for maths in the four delimiters study notes use: `$…$` and `\(…\)` inline,
// `$$…$$` and `\[…\]` for display (as a block of their own or inside a line). KaTeX renders with
// `trust: false` (no \href, \url, \html…) and `throwOnError: false` (a typo shows in red instead of
// breaking the note). The inline rule runs before markdown-it's backslash escapes, which would
// otherwise turn `\(` into a plain "(".
import katex from 'katex';
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';

const KATEX_OPTIONS = {
  throwOnError: false,
  trust: false,
  strict: 'ignore',
  // Bounds for hostile or runaway input: macro expansion and \rule/\kern sizes.
  maxExpand: 1000,
  maxSize: 50,
  output: 'htmlAndMathml',
} as const;

export function renderTex(tex: string, displayMode: boolean): string {
  return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === undefined;
}

/** Index of `close` at or after `from` that is not backslash-escaped, or -1. */
function findClose(src: string, from: number, close: string, max: number): number {
  let at = src.indexOf(close, from);
  while (at >= 0 && at + close.length <= max) {
    let backslashes = 0;
    for (let k = at - 1; k >= from && src[k] === '\\'; k--) backslashes++;
    if (backslashes % 2 === 0) return at;
    at = src.indexOf(close, at + 1);
  }
  return -1;
}

/** Pandoc's rule for `$`: no space inside either end, and no digit right after the closing `$` ("$5 and $6"). */
function findDollarClose(src: string, from: number, max: number): number {
  for (let j = from; j < max; j++) {
    const c = src[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '$' && !isSpace(src[j - 1]) && !/[0-9]/.test(src[j + 1] ?? '')) return j;
  }
  return -1;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax: max } = state;
  let open: string;
  let close: string;
  let display: boolean;
  if (src.startsWith('\\(', pos)) [open, close, display] = ['\\(', '\\)', false];
  else if (src.startsWith('\\[', pos)) [open, close, display] = ['\\[', '\\]', true];
  else if (src.startsWith('$$', pos)) [open, close, display] = ['$$', '$$', true];
  else if (src[pos] === '$') [open, close, display] = ['$', '$', false];
  else return false;

  const start = pos + open.length;
  let end: number;
  if (open === '$') {
    if (isSpace(src[start]) || src[start] === '$') return false;
    end = findDollarClose(src, start, max);
  } else {
    end = findClose(src, start, close, max);
  }
  if (end < 0 || end === start) return false;
  if (!silent) {
    const token = state.push(display ? 'math_inline_display' : 'math_inline', 'math', 0);
    token.content = src.slice(start, end);
    token.markup = open;
  }
  state.pos = end + close.length;
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  let pos = state.bMarks[startLine]! + state.tShift[startLine]!;
  let max = state.eMarks[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const first = state.src.slice(pos, max);
  let close: string;
  if (first.startsWith('$$')) close = '$$';
  else if (first.startsWith('\\[')) close = '\\]';
  else return false;
  pos += 2;

  let content: string;
  let line = startLine;
  const sameLine = state.src.slice(pos, max);
  const sameLineEnd = sameLine.trimEnd();
  if (sameLineEnd.endsWith(close) && sameLineEnd.length >= close.length) {
    // `$$ … $$` on one line; text after the closing delimiter makes it a paragraph instead.
    content = sameLineEnd.slice(0, -close.length);
  } else {
    const parts = [sameLine];
    let found = false;
    for (line = startLine + 1; line < endLine; line++) {
      pos = state.bMarks[line]! + state.tShift[line]!;
      max = state.eMarks[line]!;
      if (pos < max && state.sCount[line]! < state.blkIndent) break;
      const text = state.src.slice(pos, max).trimEnd();
      if (text.endsWith(close)) {
        parts.push(text.slice(0, -close.length));
        found = true;
        break;
      }
      parts.push(state.src.slice(state.bMarks[line]!, max));
    }
    if (!found) return false;
    content = parts.join('\n');
  }
  if (silent) return true;
  state.line = line + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content.trim();
  token.map = [startLine, state.line];
  token.markup = close === '$$' ? '$$' : '\\[';
  return true;
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, idx) => renderTex(tokens[idx]!.content, false);
  md.renderer.rules.math_inline_display = (tokens, idx) => `<span class="nb-math-display">${renderTex(tokens[idx]!.content, true)}</span>`;
  md.renderer.rules.math_block = (tokens, idx) => `<div class="nb-math-display">${renderTex(tokens[idx]!.content, true)}</div>\n`;
}

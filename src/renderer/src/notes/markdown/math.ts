// A markdown-it plugin for maths in the four delimiters study notes use: `$…$` and `\(…\)` inline,
// `$$…$$` and `\[…\]` for display (as a block of their own or inside a line). KaTeX renders with
// `trust: false` (no \href, \url, \html…) and `throwOnError: false` (a typo shows in red instead of
// breaking the note). The inline rule runs before markdown-it's backslash escapes, which would
// otherwise turn `\(` into a plain "(".
//
// Bounded, for notes from anywhere (issue 12): KaTeX can still throw (5,000 nested braces overflow
// its stack), so each formula is rendered inside a try and shows its source on failure; at most
// MAX_FORMULAS formulas are typeset per note (the rest show their source); and finding closing
// delimiters is linear: their positions are listed once per inline block and looked up by binary
// search, where scanning to the end of the paragraph from every `$` was quadratic
// (`$a ` × 90,000 froze the renderer for 37 s).
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

/** Formulas typeset in one note; the rest are shown as their source. */
export const MAX_FORMULAS = 2000;

/** Work counters, so tests can check the scanning stays linear without timing it. */
export const mathScanStats = { steps: 0 };

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The formula's source, shown where KaTeX could not (or may not) typeset it. */
function asSource(source: string, className: string, why?: string): string {
  const title = why ? ` title="${escapeHtml(why)}"` : '';
  return `<code class="${className}"${title}>${escapeHtml(source)}</code>`;
}

/**
 * KaTeX's HTML for `tex`, or the source with the error as a tooltip when KaTeX throws (it reports
 * TeX errors itself with throwOnError: false, but not a stack overflow).
 */
export function renderTex(tex: string, displayMode: boolean, delimiters: readonly [string, string] = displayMode ? ['$$', '$$'] : ['$', '$']): string {
  try {
    return katex.renderToString(tex, { ...KATEX_OPTIONS, displayMode });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return asSource(`${delimiters[0]}${tex}${delimiters[1]}`, 'nb-math-error', why);
  }
}

/** Per-note state: how many formulas were typeset, and whether the cap was reached. */
export interface MathEnv {
  formulas?: number;
  formulasCapped?: number;
}

function typeset(env: MathEnv, tex: string, displayMode: boolean, markup: string): string {
  env.formulas = (env.formulas ?? 0) + 1;
  const close = markup === '\\(' ? '\\)' : markup === '\\[' ? '\\]' : markup;
  if (env.formulas > MAX_FORMULAS) {
    env.formulasCapped = (env.formulasCapped ?? 0) + 1;
    return asSource(`${markup}${tex}${close}`, 'nb-math-source');
  }
  return renderTex(tex, displayMode, [markup, close]);
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === undefined;
}

/** True when the character at `at` is preceded by an odd run of backslashes (it is escaped). */
function escaped(src: string, at: number): boolean {
  let n = 0;
  for (let k = at - 1; k >= 0 && src[k] === '\\'; k--) n++;
  return n % 2 === 1;
}

// Positions of closing delimiters, listed once per inline block. A backslash run before a
// delimiter never reaches back past its opener (which ends in `$`, `(` or `[`), so whether a
// position is escaped does not depend on where the search starts.
const closings = new WeakMap<StateInline, Map<string, number[]>>();

function closingPositions(state: StateInline, close: string): number[] {
  let byClose = closings.get(state);
  if (!byClose) closings.set(state, (byClose = new Map()));
  let list = byClose.get(close);
  if (list) return list;
  list = [];
  const src = state.src;
  if (close === '$') {
    // Pandoc's rule for a closing `$`: no space before it, and no digit right after it ("$5 and $6").
    for (let j = src.indexOf('$'); j >= 0; j = src.indexOf('$', j + 1)) {
      mathScanStats.steps++;
      if (!escaped(src, j) && !isSpace(src[j - 1]) && !/[0-9]/.test(src[j + 1] ?? '')) list.push(j);
    }
  } else {
    for (let j = src.indexOf(close); j >= 0; j = src.indexOf(close, j + 1)) {
      mathScanStats.steps++;
      if (!escaped(src, j)) list.push(j);
    }
  }
  byClose.set(close, list);
  return list;
}

/** The first closing delimiter at or after `from` that ends by `max`, or -1. */
function findClose(state: StateInline, close: string, from: number, max: number): number {
  const list = closingPositions(state, close);
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    mathScanStats.steps++;
    const mid = (lo + hi) >> 1;
    if (list[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  const at = list[lo];
  return at !== undefined && at + close.length <= max ? at : -1;
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
  if (open === '$' && (isSpace(src[start]) || src[start] === '$')) return false;
  const end = findClose(state, close, start, max);
  if (end < 0 || end === start) return false;
  if (!silent) {
    const token = state.push(display ? 'math_inline_display' : 'math_inline', 'math', 0);
    token.content = src.slice(start, end);
    token.markup = open;
  }
  state.pos = end + close.length;
  return true;
}

// Where a display block that starts on a line closes: found once per run of lines. Whatever line
// of that run another block starts on, its first closing line is the same one (or none), so the
// paragraph rule asking at every line (silently) costs a lookup, not a scan to the end. Scans are
// kept per context (a blockquote or list item re-marks the lines it holds) in order of their
// first line, and looked up by binary search.
interface BlockScan {
  from: number;
  /** The closing line, or -1 when none comes before `until`. */
  closeLine: number;
  until: number;
}
const blockScans = new WeakMap<StateBlock, Map<string, BlockScan[]>>();

function scanFor(state: StateBlock, startLine: number, endLine: number, close: string): number {
  const key = `${close}|${endLine}|${state.blkIndent}|${state.parentType}|${state.level}`;
  let byKey = blockScans.get(state);
  if (!byKey) blockScans.set(state, (byKey = new Map()));
  let scans = byKey.get(key);
  if (!scans) byKey.set(key, (scans = []));
  const first = startLine + 1;
  // The last scan starting at or before `first`.
  let lo = 0;
  let hi = scans.length;
  while (lo < hi) {
    mathScanStats.steps++;
    const mid = (lo + hi) >> 1;
    if (scans[mid]!.from <= first) lo = mid + 1;
    else hi = mid;
  }
  const known = scans[lo - 1];
  if (known && first <= (known.closeLine >= 0 ? known.closeLine : known.until)) return known.closeLine;
  let line: number;
  let closeLine = -1;
  for (line = first; line < endLine; line++) {
    mathScanStats.steps++;
    const pos = state.bMarks[line]! + state.tShift[line]!;
    const max = state.eMarks[line]!;
    if (pos < max && state.sCount[line]! < state.blkIndent) break;
    if (state.src.slice(pos, max).trimEnd().endsWith(close)) {
      closeLine = line;
      break;
    }
  }
  scans.splice(lo, 0, { from: first, closeLine, until: line });
  return closeLine;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const pos = state.bMarks[startLine]! + state.tShift[startLine]! + 2;
  const max = state.eMarks[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const first = state.src.slice(pos - 2, max);
  let close: string;
  if (first.startsWith('$$')) close = '$$';
  else if (first.startsWith('\\[')) close = '\\]';
  else return false;

  let content: string;
  let line = startLine;
  const sameLine = state.src.slice(pos, max);
  const sameLineEnd = sameLine.trimEnd();
  if (sameLineEnd.endsWith(close) && sameLineEnd.length >= close.length) {
    // `$$ … $$` on one line; text after the closing delimiter makes it a paragraph instead.
    content = sameLineEnd.slice(0, -close.length);
  } else {
    line = scanFor(state, startLine, endLine, close);
    if (line < 0) return false;
    if (silent) return true;
    const parts = [sameLine];
    for (let l = startLine + 1; l < line; l++) parts.push(state.src.slice(state.bMarks[l]!, state.eMarks[l]!));
    const last = state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!).trimEnd();
    parts.push(last.slice(0, -close.length));
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
  // renderNote always passes an env; a bare md.render() counts each formula on its own.
  const envOf = (env: unknown): MathEnv => (env ?? {}) as MathEnv;
  md.renderer.rules.math_inline = (tokens, idx, _o, env) => typeset(envOf(env), tokens[idx]!.content, false, tokens[idx]!.markup);
  md.renderer.rules.math_inline_display = (tokens, idx, _o, env) =>
    `<span class="nb-math-display">${typeset(envOf(env), tokens[idx]!.content, true, tokens[idx]!.markup)}</span>`;
  md.renderer.rules.math_block = (tokens, idx, _o, env) => `<div class="nb-math-display">${typeset(envOf(env), tokens[idx]!.content, true, tokens[idx]!.markup)}</div>\n`;
}

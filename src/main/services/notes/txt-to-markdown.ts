// Plain-text study notes (typically copied out of the book's PDF/HTML) to Markdown. The copy loses
// structure: headings keep the HTML "¶" anchor, code loses its indentation, and every line stands
// alone. The rules below bring back what can be recognised reliably and leave the rest as plain
// paragraphs: legibility first, cleverness second.
import { reindentPython } from './reindent';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;
/** Lines longer than this are never taken for code: no listing line is, and the code heuristics below
 * are regular expressions whose backtracking grows with the line (a .txt import comes from anywhere). */
const MAX_CODE_LINE = 500;
const NUMBERED_HEADING = /^(\d+(?:\.\d+)*)\s+(\S.*)$/;
const SHELL = /^(?:\$\s+)?(?:conda|pip3?|python3?|apt(?:-get)?|sudo|cd|git|export|source|npm|npx|jupyter)\s/;
const PY_KEYWORD_LINE = /^(?:import\s+[\w.]+|from\s+[\w.]+\s+import\s|def\s+\w+\s*\(|class\s+\w+|for\s+.+\s+in\s+.+:\s*(#.*)?$|while\s+.+:\s*(#.*)?$|if\s+.+:\s*(#.*)?$|elif\s+.+:|else\s*:|try\s*:|except\b.*:|finally\s*:|with\s+.+:\s*(#.*)?$|return\b|yield\b|raise\b|assert\s|pass\s*$|break\s*$|continue\s*$|lambda\b|@\w+)/;
const CALL_LINE = /^[A-Za-z_][\w.]*(?:\[[^\]]*\])*(?:\.[A-Za-z_]\w*)*\(.*\)\s*(?:#.*)?$/;
const ASSIGNMENT = /^[A-Za-z_][\w.]*(?:\[[^\]]*\])*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*(?:[+\-*/%@&|^]|\*\*|\/\/)?=(?!=)\s*\S/;
const DOCSTRING = /^[rbuf]?("""|''')/;
const BULLET = /^[-*•·]\s+(.*)$/;
const WHOLE_LINE_MATH = /^\\\((.+)\\\)$/;

/** True when a line ends in ¶ (the PDF copy's heading mark), spaces around it allowed. */
function endsInPilcrow(line: string): boolean {
  return line.trimEnd().endsWith('¶');
}

/** The line without its closing ¶ and the spaces around it. */
function withoutPilcrow(line: string): string {
  const t = line.trimEnd();
  return t.endsWith('¶') ? t.slice(0, -1).trimEnd() : line;
}

/** Code part of a Python line: everything before a `#` that is not inside a string. */
function codePart(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** Code part without string literals: CJK inside strings and comments is fine, CJK in code is prose. */
function withoutStrings(code: string): string {
  return code.replace(/(["'])(?:\\.|(?!\1)[^\\])*\1/g, '""');
}

export function looksLikeShell(line: string): boolean {
  return SHELL.test(line.trim());
}

/** A line that reads as Python on its own (comments and docstrings need a code context: see below). */
export function looksLikePython(line: string): boolean {
  const t = line.trim();
  if (t === '' || t.length > MAX_CODE_LINE || endsInPilcrow(t)) return false;
  const code = codePart(t).trim();
  if (code === '') return false;
  if (CJK.test(withoutStrings(code))) return false;
  if (/^https?:\/\//.test(code)) return false;
  return PY_KEYWORD_LINE.test(code) || CALL_LINE.test(code) || ASSIGNMENT.test(code) || /^[\])}]+[),:]*$/.test(code);
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'code'; lang: 'python' | 'sh'; lines: string[] }
  | { kind: 'list'; items: string[] }
  | { kind: 'math'; tex: string }
  | { kind: 'para'; text: string };

/** Markdown that would change the meaning of a prose line's start is escaped. */
function escapeProse(text: string): string {
  return text
    .replace(/^(\s*)([#>+=|])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])(\s)/, '$1\\$2$3')
    .replace(/^(\s*)([-*])(\s)/, '$1\\$2$3')
    .replace(/^(\s*)(```|~~~)/, '$1\\$2');
}

function headingOf(line: string, isFirst: boolean): { level: number; text: string } | null {
  if (!endsInPilcrow(line)) return null;
  const text = withoutPilcrow(line).trim();
  if (text === '') return null;
  const numbered = NUMBERED_HEADING.exec(text);
  if (numbered) {
    const depth = numbered[1]!.split('.').length;
    return { level: Math.min(depth + 1, 6), text };
  }
  return { level: isFirst ? 1 : 2, text };
}

function parseBlocks(lines: string[]): Block[] {
  const blocks: Block[] = [];
  let seenHeading = false;
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    const line = raw.trimEnd();
    const trimmed = line.trim();
    if (trimmed === '') {
      i++;
      continue;
    }
    const heading = headingOf(trimmed, !seenHeading);
    if (heading) {
      blocks.push({ kind: 'heading', ...heading });
      seenHeading = true;
      i++;
      continue;
    }
    if (looksLikeShell(trimmed)) {
      const code: string[] = [];
      while (i < lines.length && looksLikeShell(lines[i]!.trim())) code.push(lines[i++]!.trimEnd());
      blocks.push({ kind: 'code', lang: 'sh', lines: code });
      continue;
    }
    if (looksLikePython(trimmed)) {
      i = readPython(lines, i, blocks);
      continue;
    }
    const math = WHOLE_LINE_MATH.exec(trimmed);
    if (math) {
      blocks.push({ kind: 'math', tex: math[1]!.trim() });
      i++;
      continue;
    }
    const bullet = BULLET.exec(trimmed);
    if (bullet) {
      const items: string[] = [];
      while (i < lines.length) {
        const m = BULLET.exec(lines[i]!.trim());
        if (!m) break;
        items.push(m[1]!);
        i++;
      }
      blocks.push({ kind: 'list', items });
      continue;
    }
    blocks.push({ kind: 'para', text: trimmed });
    i++;
  }
  return blocks;
}

/**
 * A Python listing runs from a code-looking line while lines stay code: code-looking lines, `#`
 * comments and docstrings (both meaningless outside code), and closing brackets.
 */
function readPython(lines: string[], start: number, blocks: Block[]): number {
  const code: string[] = [];
  let i = start;
  let inDocstring: string | null = null;
  while (i < lines.length) {
    const line = lines[i]!.trimEnd();
    const t = line.trim();
    if (inDocstring) {
      code.push(line);
      if (t.includes(inDocstring)) inDocstring = null;
      i++;
      continue;
    }
    if (t === '') {
      // A blank line ends the listing unless code continues right after it.
      const next = lines[i + 1]?.trim() ?? '';
      if (next !== '' && (looksLikePython(next) || next.startsWith('#'))) {
        code.push('');
        i++;
        continue;
      }
      break;
    }
    if (endsInPilcrow(t)) break;
    const doc = DOCSTRING.exec(t);
    if (doc) {
      code.push(line);
      const rest = t.slice(doc[0].length);
      if (!rest.includes(doc[1]!)) inDocstring = doc[1]!;
      i++;
      continue;
    }
    if (t.startsWith('#') || looksLikePython(t)) {
      code.push(line);
      i++;
      continue;
    }
    break;
  }
  while (code.length > 0 && code[code.length - 1] === '') code.pop();
  blocks.push({ kind: 'code', lang: 'python', lines: reindentPython(code) });
  return i;
}

function fence(lines: string[]): string {
  // A listing that itself holds ``` needs a longer fence.
  let longest = 2;
  for (const l of lines) for (const m of l.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(longest + 1);
}

/** Converts a plain-text note to Markdown (see the file comment for the rules). Pure. */
export function txtToMarkdown(text: string): string {
  const lines = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const block of parseBlocks(lines)) {
    switch (block.kind) {
      case 'heading':
        out.push(`${'#'.repeat(block.level)} ${block.text}`);
        break;
      case 'code': {
        const f = fence(block.lines);
        out.push(`${f}${block.lang}\n${block.lines.join('\n')}\n${f}`);
        break;
      }
      case 'list':
        out.push(block.items.map((item) => `- ${item}`).join('\n'));
        break;
      case 'math':
        out.push(`$$\n${block.tex}\n$$`);
        break;
      case 'para':
        out.push(escapeProse(block.text));
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

const ATX_OPEN = /^\s{0,3}#{1,6}\s+/;

/**
 * The text of an ATX heading line (`## Title ##` → `Title`), or undefined. Written without a
 * `(.*?)\s*#*\s*$` regex: on a line of 100,000 ` #` that backtracks quadratically (notes come from anywhere).
 */
export function atxHeadingText(line: string): string | undefined {
  const open = ATX_OPEN.exec(line);
  if (!open) return undefined;
  const isSpace = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);
  let end = line.length;
  while (end > open[0].length && isSpace(line[end - 1])) end--;
  let hashes = end;
  while (hashes > open[0].length && line[hashes - 1] === '#') hashes--;
  end = hashes;
  while (end > open[0].length && isSpace(line[end - 1])) end--;
  return line.slice(open[0].length, end);
}

/** The note's title: its first heading, else its first line, else the fallback. */
export function titleOfMarkdown(markdown: string, fallback: string): string {
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence;
    if (inFence) continue;
    const text = atxHeadingText(line);
    if (text) return text.slice(0, 200);
  }
  const first = markdown.split('\n').find((l) => l.trim() !== '');
  return first ? first.trim().slice(0, 200) : fallback;
}


// Puts back the indentation a PDF copy loses from Python. It cannot be exact (the indentation *is*
// the syntax), so it follows a few rules that hold for the book's listings and are easy to predict:
//  - a line ending in `:` after def/for/while/if/else/with/try/… opens a block one level deeper;
//  - `return`/`raise` close the enclosing function, `break`/`continue`/`pass` the innermost block;
//  - def/class/import/from/decorators start at the top level;
//  - the d2l minibatch loop ends with the optimiser step (`….step()`, `sgd(…)`, `updater(…)`);
//  - an assignment that names nothing bound in the block (its loop variables, parameters or names
//    assigned inside it) has left the block.
// Listings that kept any indentation are returned untouched.

interface OpenBlock {
  kind: 'def' | 'for' | 'other';
  bound: Set<string>;
}

const OPENER = /^(def|class|for|while|if|elif|else|try|except|finally|with|async\s+def|async\s+for|async\s+with)\b.*:\s*$/;
const CONTINUATION = /^(elif|else|except|finally)\b/;
const TOP_LEVEL = /^(def|class|import|from|async\s+def)\b|^@\w/;
const STEP_IDIOM = /(\.step\(\)|^(?:d2l\.)?sgd\(.*\)|^updater\(.*\))$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'for', 'if', 'else', 'lambda', 'None', 'True', 'False', 'return']);

function codeOnly(line: string): string {
  // Strings and comments say nothing about which names a line uses.
  return line.replace(/(["'])(?:\\.|(?!\1)[^\\])*\1/g, '""').replace(/#.*$/, '').trim();
}

/** Identifiers a line uses, not counting attribute names after a dot or keyword arguments. */
function namesIn(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/(?<![.\w])([A-Za-z_]\w*)(?!\s*=(?!=))/g)) if (!KEYWORDS.has(m[1]!)) names.add(m[1]!);
  // Names on the left of an assignment are excluded by the lookahead above; add them back.
  const lhs = assignedNames(code);
  for (const n of lhs) names.add(n);
  return names;
}

function assignedNames(code: string): string[] {
  const m = /^([A-Za-z_][\w.]*(?:\[[^\]]*\])*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*(?:[+\-*/%@&|^]|\*\*|\/\/)?=(?!=)/.exec(code);
  if (!m) return [];
  return m[1]!.split(',').map((s) => /^[A-Za-z_]\w*/.exec(s.trim())?.[0]).filter((s): s is string => Boolean(s));
}

function blockNames(code: string): OpenBlock {
  const forTargets = /^(?:async\s+)?for\s+(.+?)\s+in\s/.exec(code);
  if (forTargets) {
    const bound = new Set(forTargets[1]!.replace(/[()[\]]/g, ' ').split(/[\s,]+/).filter(Boolean));
    return { kind: 'for', bound };
  }
  const def = /^(?:async\s+)?def\s+\w+\s*\((.*)\)/.exec(code);
  if (def) {
    const params = def[1]!.split(',').map((p) => /^\**\s*([A-Za-z_]\w*)/.exec(p.trim())?.[1]).filter((s): s is string => Boolean(s));
    return { kind: 'def', bound: new Set(params) };
  }
  const withAs = /\bas\s+([A-Za-z_]\w*)\s*:$/.exec(code);
  return { kind: 'other', bound: new Set(withAs ? [withAs[1]!] : []) };
}

export function reindentPython(lines: readonly string[]): string[] {
  if (lines.some((l) => /^\s+\S/.test(l))) return [...lines];
  const stack: OpenBlock[] = [];
  const out: string[] = [];
  let inDocstring: string | null = null;
  for (const raw of lines) {
    const t = raw.trim();
    const pad = (): string => ' '.repeat(4 * stack.length);
    if (inDocstring) {
      out.push(t === '' ? '' : pad() + t);
      if (t.includes(inDocstring)) inDocstring = null;
      continue;
    }
    if (t === '') {
      out.push('');
      continue;
    }
    const doc = /^[rbuf]?("""|''')/.exec(t);
    if (doc && !t.slice(doc[0].length).includes(doc[1]!)) inDocstring = doc[1]!;
    const code = codeOnly(t);

    if (TOP_LEVEL.test(code)) stack.length = 0;
    else if (CONTINUATION.test(code)) stack.pop();
    else if (code !== '' && assignedNames(code).length > 0) {
      const used = namesIn(code);
      while (stack.length > 0 && ![...used].some((n) => stack[stack.length - 1]!.bound.has(n))) stack.pop();
    }

    out.push(pad() + t);

    for (const n of assignedNames(code)) for (const b of stack) b.bound.add(n);
    if (OPENER.test(code)) {
      const block = blockNames(code);
      for (const n of block.bound) for (const b of stack) b.bound.add(n);
      stack.push(block);
    } else if (/^(return|raise)\b/.test(code)) {
      const def = stack.map((b) => b.kind).lastIndexOf('def');
      stack.length = def >= 0 ? def : Math.max(0, stack.length - 1);
    } else if (/^(break|continue|pass)\b/.test(code)) {
      stack.pop();
    } else if (STEP_IDIOM.test(code) && stack[stack.length - 1]?.kind === 'for') {
      stack.pop();
    }
  }
  return out;
}

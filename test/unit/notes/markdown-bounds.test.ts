// Issue 12, item 6: the note pipeline never throws and stays linear and bounded on hostile notes.
// A formula that overflows KaTeX's stack shows its source; finding closing delimiters costs a
// bounded number of steps per character (counted, not timed); at most MAX_FORMULAS formulas are
// typeset and MAX_OUTLINE headings listed.
import { describe, expect, it } from 'vitest';
import { MAX_OUTLINE, renderNote, renderNoteSafely } from '../../../src/renderer/src/notes/markdown/render';
import { MAX_FORMULAS, mathScanStats, renderTex } from '../../../src/renderer/src/notes/markdown/math';

const KATEX_BOMB = `$${'{'.repeat(5000)}${'}'.repeat(5000)}$`;

describe('a formula KaTeX cannot survive', () => {
  it('shows its source with the error as a tooltip, and the rest of the note renders', () => {
    const out = renderNote(`# Title\n\nbefore ${KATEX_BOMB} after $x^2$`);
    expect(out.html).toContain('<h1');
    expect(out.html).toMatch(/<code class="nb-math-error" title="[^"]*(call stack|recursion)[^"]*">\$\{\{\{/i);
    expect(out.html).toContain('after <span class="katex">');
    expect(renderTex(`${'{'.repeat(5000)}${'}'.repeat(5000)}`, true)).toMatch(/^<code class="nb-math-error"/);
  });

  it('renderNoteSafely turns any failure of the pipeline into an error to show beside the source', () => {
    const shown = renderNoteSafely(null as unknown as string);
    expect(shown.error).toMatch(/string/i);
    expect(shown.html).toBe('');
    expect(renderNoteSafely(KATEX_BOMB).error).toBeUndefined();
  });
});

describe('linear scanning (steps counted per character, never timed)', () => {
  const steps = (markdown: string): number => {
    mathScanStats.steps = 0;
    renderNote(markdown);
    return mathScanStats.steps;
  };

  it.each([
    ['`$a ` repeated (no `$` ever closes)', (n: number) => '$a '.repeat(n)],
    ['`\\(a ` repeated (no `\\)`)', (n: number) => '\\(a '.repeat(n)],
    ['`$$a ` repeated inline', (n: number) => `x ${'$$a '.repeat(n)}`],
    ['lines of `$$x` (no closing line)', (n: number) => '$$x\n'.repeat(n)],
    ['lines of `\\[x` in a list', (n: number) => '- \\[x\n'.repeat(n)],
  ])('%s', (_what, make) => {
    const small = make(2000);
    const large = make(20000);
    const perCharSmall = steps(small) / small.length;
    const perCharLarge = steps(large) / large.length;
    // Quadratic scanning grows per character with the input; linear scanning does not.
    expect(perCharLarge).toBeLessThan(Math.max(4, perCharSmall * 1.5));
  });

  it('still pairs delimiters as before: escapes, prices, closes inside the paragraph only', () => {
    const html = (md: string): string => renderNote(md).html;
    expect(html('a \\$5 and $x$')).toMatch(/a \$5 and <span class="katex">/);
    expect(html('costs $5 and $6')).not.toContain('katex');
    expect((html('$a\\$b$').match(/class="katex"/g) ?? []).length).toBe(1);
    expect(html('$a\n\nb$')).not.toContain('katex');
    expect(html('$$\na\n\nb\n$$\n\n$$\nc')).toContain('katex-display');
    expect(html('- $$\n- a\n- $$')).not.toContain('katex-display');
    expect(html('> $$\n> a\n> $$')).toContain('katex-display');
  });
});

describe('bounds', () => {
  it(`typesets at most ${MAX_FORMULAS} formulas; the rest show their source, counted`, () => {
    const out = renderNote(Array.from({ length: MAX_FORMULAS + 300 }, (_, i) => `$a_{${i}}$`).join(' '));
    expect((out.html.match(/class="katex"/g) ?? []).length).toBe(MAX_FORMULAS);
    expect((out.html.match(/class="nb-math-source"/g) ?? []).length).toBe(300);
    expect(out.formulasCapped).toBe(300);
    expect(out.html).toContain(`<code class="nb-math-source">$a_{${MAX_FORMULAS + 299}}$</code>`);
  });

  it(`lists at most ${MAX_OUTLINE} headings in the outline, and still gives every heading its id`, () => {
    const out = renderNote('# h\n'.repeat(70_000));
    expect(out.outline).toHaveLength(MAX_OUTLINE);
    expect(out.headings).toBe(70_000);
    expect(out.html).toContain('id="n-h-69999"');
  });
});

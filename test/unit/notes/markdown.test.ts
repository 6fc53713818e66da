import { describe, expect, it } from 'vitest';
import { renderNote } from '../../../src/renderer/src/notes/markdown/render';
import { parseFenceInfo, parseHyperparameters } from '../../../src/renderer/src/notes/markdown/fences';
import { isAllowedHref } from '../../../src/renderer/src/notes/markdown/links';

const html = (md: string): string => renderNote(md).html;
const katexCount = (s: string): number => (s.match(/class="katex"/g) ?? []).length;
const displayCount = (s: string): number => (s.match(/class="katex-display"/g) ?? []).length;

describe('maths', () => {
  it('renders inline maths in both inline delimiters', () => {
    const out = html('model $\\hat{y} = Xw + b$ and \\(\\hat{y} = X w + b\\) too');
    expect(katexCount(out)).toBe(2);
    expect(displayCount(out)).toBe(0);
    expect(out).toContain('<math'); // MathML for screen readers
    expect(out).not.toContain('\\(');
  });

  it('renders display maths in both block delimiters, on one line or several', () => {
    const out = html('$$\nL = \\frac{1}{n}\\sum_i l_i\n$$\n\n\\[ l = \\frac12 (\\hat y - y)^2 \\]\n\ntext $$a^2$$ inline display');
    expect(displayCount(out)).toBe(3);
    expect(out.match(/<div class="nb-math-display">/g)).toHaveLength(2);
  });

  it('leaves prices and lone dollars alone', () => {
    const out = html('costs $5 and $6, or $ 3 $');
    expect(katexCount(out)).toBe(0);
    expect(out).toContain('costs $5 and $6');
  });

  it('keeps markdown out of maths (underscores, asterisks)', () => {
    const out = html('$a_1 * b_2 * c$');
    expect(katexCount(out)).toBe(1);
    expect(out).not.toContain('<em>');
  });

  it('shows a TeX error inline instead of throwing, and refuses \\href (trust: false)', () => {
    expect(html('$\\frac{1}{$')).toContain('katex-error');
    const out = html('$\\href{javascript:alert(1)}{x}$');
    expect(out).not.toMatch(/<a\b/);
    expect(out).not.toContain('href="javascript');
  });
});

describe('code', () => {
  it('highlights Python and TypeScript', () => {
    const out = html('```python\ndef f(x):\n    return x  # c\n```\n\n```ts\nconst x: number = 1;\n```');
    expect(out).toContain('class="hljs language-python"');
    expect(out).toContain('<span class="hljs-keyword">def</span>');
    expect(out).toContain('class="hljs language-typescript"');
    expect(out).toContain('<span class="hljs-keyword">const</span>');
  });

  it('escapes code in languages it does not know', () => {
    const out = html('```sh\necho <b>hi</b>\n```');
    expect(out).toContain('echo &lt;b&gt;hi&lt;/b&gt;');
  });

  it('groups adjacent tabbed fences into one accessible tab set', () => {
    const out = html('```python tab=PyTorch\nnet(X)\n```\n```ts tab=engine\nnet.forward(X)\n```\n\ntext\n\n```python tab=PyTorch\na\n```');
    expect(out.match(/role="tablist"/g)).toHaveLength(2);
    expect(out.match(/role="tab"/g)).toHaveLength(3);
    expect(out).toContain('aria-label="PyTorch / engine"');
    expect(out).toMatch(/aria-selected="true"[^>]*data-tab="PyTorch">PyTorch<\/button><button[^>]*aria-selected="false"[^>]*data-tab="engine">engine/);
    expect(out).toMatch(/role="tabpanel"[^>]*id="n-panel-0-1"[^>]*hidden/);
  });

  it('marks mode=step run cards and refuses other modes by name', () => {
    const r = renderNote('```run mlp-concise mode=step epochs=10\n```\n\n```run mlp-concise mode=fast\n```');
    expect(r.html).toContain('<div class="nb-run" data-experiment="mlp-concise" data-hyperparameters="epochs=10" data-run-index="0" data-mode="step"></div>');
    expect(r.html).toContain('run card: mode "fast" is not known (mode=step)');
    expect(r.runCards).toBe(1);
  });

  it('turns run and chart fences into placeholders, checking their arguments', () => {
    const r = renderNote('```run linreg-concise epochs=3 lr=0.03 bad=x\n```\n\n```chart normal-distributions\n```\n\n```run ../etc\n```\n\n```chart nope\n```');
    expect(r.html).toContain('<div class="nb-run" data-experiment="linreg-concise" data-hyperparameters="epochs=3 lr=0.03" data-run-index="0"></div>');
    expect(r.html).toContain('<div class="nb-chart" data-chart="normal-distributions"></div>');
    expect(r.html).toContain('run card: "../etc" is not an experiment id');
    expect(r.html).toContain('chart: unknown chart "nope"');
    expect(r.runCards).toBe(1);
  });

  it('parses fence info strings and hyperparameters', () => {
    expect(parseFenceInfo('python tab="Py Torch" x')).toEqual({ lang: 'python', arg: 'x', attrs: { tab: 'Py Torch' } });
    expect(parseHyperparameters('epochs=3 lr=0.03 junk x=y')).toEqual({ epochs: 3, lr: 0.03 });
  });
});

describe('tables, headings and CJK', () => {
  it('renders tables inside a scroll wrapper', () => {
    const out = html('| a | b |\n| --- | --- |\n| 1 | $x^2$ |');
    expect(out).toContain('<div class="nb-table"><table>');
    expect(out).toContain('<th>a</th>');
    expect(katexCount(out)).toBe(1);
  });

  it('keeps Chinese text and gives headings ids for the outline', () => {
    const r = renderNote('# 3.1 线性回归\n\n梯度下降通过不断地更新参数来降低误差。\n\n## 损失函数 $l$\n', 'v-');
    expect(r.html).toContain('<h1 id="v-h-0">3.1 线性回归</h1>');
    expect(r.html).toContain('梯度下降通过不断地更新参数来降低误差。');
    expect(r.outline).toEqual([
      { level: 1, text: '3.1 线性回归', id: 'v-h-0' },
      { level: 2, text: '损失函数 l', id: 'v-h-1' },
    ]);
  });
});

describe('hostile input is inert', () => {
  it('escapes raw HTML: no img with onerror, no script element', () => {
    const out = html('<img src=x onerror=alert(1)>\n\ntext <script>alert(1)</script> and <b onclick="x()">b</b>');
    expect(out).not.toMatch(/<img\b/i);
    expect(out).not.toMatch(/<script\b/i);
    expect(out).not.toMatch(/<b\b/i);
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)', 'file:///etc/passwd', ' javascript:alert(1)'])(
    'does not make a link of %s',
    (url) => {
      const out = html(`[x](${url}) <${url}>`);
      expect(out).not.toMatch(/<a\b/);
      expect(isAllowedHref(url)).toBe(false);
    },
  );

  it('marks external links to open outside the app and keeps note links in the app', () => {
    const out = html('[book](https://zh.d2l.ai/) https://pytorch.org/docs/stable/index.html [3.3](note:d2l-3-3-linreg-concise) [up](#top)');
    expect(out).toContain('<a href="https://zh.d2l.ai/" target="_blank" rel="noopener noreferrer" class="nb-external">book</a>');
    expect(out).toContain('<a href="https://pytorch.org/docs/stable/index.html" target="_blank" rel="noopener noreferrer" class="nb-external">');
    expect(out).toContain('<a href="note:d2l-3-3-linreg-concise" data-note="d2l-3-3-linreg-concise">3.3</a>');
    expect(out).toContain('<a href="#top">up</a>');
  });

  it('does not turn bare dotted names into links', () => {
    expect(html('see torch.nn and d2l-zh-pytorch.pdf')).not.toMatch(/<a\b/);
  });

  it('drops images (the CSP would block remote ones anyway)', () => {
    expect(html('![x](https://example.com/a.png)')).not.toMatch(/<img\b/);
  });

  it('escapes attribute breakouts in tab names and chart names', () => {
    const out = html('```python tab="a\\"><script>"\nx\n```\n\n```run "><img>\n```');
    expect(out).not.toMatch(/<script\b|<img\b/);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { looksLikePython, txtToMarkdown } from '../../../src/main/services/notes/txt-to-markdown';
import { reindentPython } from '../../../src/main/services/notes/reindent';
import { renderNote } from '../../../src/renderer/src/notes/markdown/render';

const SEED = readFileSync(new URL('./fixtures/study-notes-zh.txt', import.meta.url), 'utf8');

function fences(md: string): Array<{ lang: string; body: string }> {
  return [...md.matchAll(/^```(\w*)\n([\s\S]*?)\n```$/gm)].map((m) => ({ lang: m[1]!, body: m[2]! }));
}

describe('txtToMarkdown on the learner’s seed notes', () => {
  const md = txtToMarkdown(SEED);

  it('turns the ¶ lines into headings: the sections the notes pick from the book are siblings', () => {
    let inFence = false;
    const headings = md.split('\n').filter((l) => {
      if (l.startsWith('```')) inFence = !inFence;
      return !inFence && l.startsWith('#');
    });
    expect(headings).toEqual([
      '# 动手学深度学习 笔记',
      '## 0 安装',
      '## 1.3 各种机器学习问题',
      '## 2.7 查阅文档',
      '## 3.1 线性回归',
      '## 3.2.7 训练',
      '## 3.3 使用PyTorch深度学习的高级框架来简化代码',
    ]);
    expect(md).not.toContain('¶');
  });

  it('fences the shell commands and the Python code, and nothing else', () => {
    const blocks = fences(md);
    expect(blocks.map((b) => b.lang)).toEqual(['sh', 'python', 'python']);
    expect(blocks[0]!.body.split('\n')).toHaveLength(5);
    expect(blocks[1]!.body).toBe('print(dir(torch.distributions))\nhelp(torch.ones)');
    const program = blocks[2]!.body;
    expect(program.startsWith('import numpy as np\n')).toBe(true);
    expect(program.endsWith('print("e(b)", true_b - b)')).toBe(true);
    // Comments (also Chinese ones) and the docstring stay inside the listing.
    expect(program).toContain('# [1.生成数据集]');
    expect(program).toContain('"""构造一个PyTorch数据迭代器"""');
    // The prose line before the code is not code.
    expect(md).toMatch(/可以背一下\n\n```python/);
  });

  it('puts back the indentation of def and for bodies', () => {
    const program = fences(md)[2]!.body;
    expect(program).toContain(
      [
        'def create_data(w, b, sample_count): # sample_count 样本量',
        '    X = torch.normal(0, 1, (sample_count, len(w)))',
        '    y = torch.matmul(X, w) + b # y = Xw + b + noise',
        '    y += torch.normal(0, 0.01, y.shape)',
        '    return X, y.reshape((-1, 1)) # X 含有两个特征的样本 共sample_count行 # y 样本的值',
        'features, labels = create_data(true_w, true_b, 1000)',
      ].join('\n'),
    );
    expect(program).toContain(
      [
        'for epoch in range(epoch_count):',
        '    for X, y in data_iter:',
        '        l = loss(net(X), y)',
        '        trainer.zero_grad()',
        '        l.backward()',
        '        trainer.step()',
        '    l = loss(net(features), labels)',
        '    print(f"epoch {epoch + 1}, loss {l:f}")',
        'w = net[0].weight.data',
      ].join('\n'),
    );
  });

  it('keeps the maths and the bullet lists', () => {
    expect(md).toContain('$$\n\\hat{y} = X w + b\n$$');
    expect(md).toContain('- 回归 regression 标签为实数 平方损失函数\n- 分类 classification');
  });

  it('renders legibly: maths through KaTeX, code highlighted, links live', () => {
    const r = renderNote(md);
    expect(r.html).toContain('class="katex-display"');
    expect(r.html).not.toContain('katex-error');
    expect(r.html).toContain('<span class="hljs-keyword">for</span>');
    expect(r.html).toContain('<a href="https://zh.d2l.ai/chapter_notation/index.html"');
    expect(r.outline.map((h) => h.text)).toContain('3.1 线性回归');
    expect(r.html.match(/<li>/g)).toHaveLength(7);
  });
});

describe('txtToMarkdown rules', () => {
  it('escapes prose that would read as Markdown', () => {
    expect(txtToMarkdown('# not a heading\n> not a quote\n1. 不是列表')).toBe('\\# not a heading\n\n\\> not a quote\n\n1\\. 不是列表\n');
  });

  it('uses a longer fence when the code holds backticks', () => {
    expect(txtToMarkdown('x = "```"\n')).toBe('````python\nx = "```"\n````\n');
  });

  it('nests a numbered heading under the nearest earlier one whose number is its prefix', () => {
    const md = txtToMarkdown('Notes¶\n3 线性神经网络¶\n3.1 线性回归¶\n3.1.2 矢量化¶\n3.1.2.1 例子¶\n3.2 从零开始¶\n4.4 模型选择¶\nSummary¶\n4.4.1 训练误差¶\n');
    expect(md.split('\n').filter((l) => l.startsWith('#'))).toEqual([
      '# Notes', '## 3 线性神经网络', '### 3.1 线性回归', '#### 3.1.2 矢量化', '##### 3.1.2.1 例子', '### 3.2 从零开始', '## 4.4 模型选择',
      // An unnumbered heading closes the numbered sections before it.
      '## Summary', '## 4.4.1 训练误差',
    ]);
  });

  it('handles CRLF, BOM and headings without a number', () => {
    expect(txtToMarkdown('\ufeffTitle¶\r\nIntro¶\r\ntext')).toBe('# Title\n\n## Intro\n\ntext\n');
  });

  it('tells code from prose', () => {
    for (const code of ['import torch', 'x = 1', 'net[0].weight.data.normal_(0, 0.01)', 'for i in range(3):', 'l.backward()', 'true_w = torch.tensor([2, -3.4]) # 权重'])
      expect(looksLikePython(code), code).toBe(true);
    for (const prose of ['有监督学习:', '梯度下降 = 沿着负梯度走', 'https://pytorch.org/docs', 'Release 2.0.0-beta0', 'd2l-zh-pytorch.pdf', '3.1 线性回归¶'])
      expect(looksLikePython(prose), prose).toBe(false);
  });

  it('leaves code that kept its indentation as it is', () => {
    expect(reindentPython(['def f(x):', '  return x'])).toEqual(['def f(x):', '  return x']);
  });

  it('closes a function at return and a branch at break', () => {
    expect(reindentPython(['def f(x):', 'if x:', 'return 1', 'y = f(2)', 'while True:', 'break', 'print(y)'])).toEqual([
      'def f(x):', '    if x:', '        return 1', 'y = f(2)', 'while True:', '    break', 'print(y)',
    ]);
  });
});

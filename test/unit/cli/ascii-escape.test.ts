// scripts/ascii-escape.mjs makes the CLI's CommonJS chunks pure ASCII, so V8 holds them as one-byte
// strings (issue 15). An escaped chunk must mean exactly what the original meant.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { asciiEscape } from '../../../scripts/ascii-escape.mjs';

const evaluate = (code: string): unknown => runInNewContext(code);

describe('asciiEscape', () => {
  it('leaves ASCII alone and escapes everything else', () => {
    expect(asciiEscape('const a = "x"; // plain\n')).toBe('const a = "x"; // plain\n');
    const out = asciiEscape('"线性回归 — ça 😀"');
    expect(out).toBe('"\\u7ebf\\u6027\\u56de\\u5f52 \\u2014 \\u00e7a \\ud83d\\ude00"');
    expect([...out].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
  });

  it('keeps the meaning of strings, template literals, regular expressions (with and without u) and comments', () => {
    const program = [
      '/* 注释 — a comment */',
      'const s = "线性回归的简洁实现" + \'单引号\';',
      'const who = "世界";',
      'const t = `模板 ${who} 😀 ${1 + 1}`;',
      "const r1 = /[一-鿿]+/.exec('abc 汉字 def')[0];",
      "const r2 = /😀+/u.test('😀😀');",
      "const r3 = /^.$/u.test('😀');",
      "const r4 = /[😀]/u.test('😀');",
      '({ s, t, r1, r2, r3, r4, len: "😀".length })',
    ].join('\n');
    const escaped = asciiEscape(program);
    expect([...escaped].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    expect(evaluate(escaped)).toEqual(evaluate(program));
    expect(evaluate(escaped)).toMatchObject({ r1: '汉字', r2: true, r3: true, r4: true, len: 2 });
  });

  it('refuses a backslash before a non-ASCII character, naming the line', () => {
    expect(() => asciiEscape('const a = 1;\nconst b = "\\中";', 'part.cjs')).toThrow(/part\.cjs:2: a backslash before a non-ASCII character/);
  });
});

const OUT = resolve(import.meta.dirname, '../../../out/main');
const chunks = (() => {
  try {
    return ['cli.cjs', 'code-cache.cjs', ...readdirSync(join(OUT, 'chunks')).filter((f) => f.endsWith('.cjs')).map((f) => join('chunks', f))];
  } catch {
    return [];
  }
})();
if (chunks.length === 0) console.warn('SKIPPING the built chunks check: out/main has no CommonJS build (run `npm run build`)');

describe.skipIf(chunks.length === 0)('the built CommonJS CLI', () => {
  it('is ASCII, and no String.raw template in it holds an escape the build made', () => {
    for (const file of chunks) {
      const code = readFileSync(join(OUT, file), 'latin1');
      expect(/[^\x00-\x7f]/.test(code), file).toBe(false);
      for (const raw of code.match(/String\.raw`[^`]*`/g) ?? []) expect(raw, file).not.toMatch(/\\u[0-9a-f]{4}/);
    }
  });
});

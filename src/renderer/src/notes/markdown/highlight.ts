// Syntax highlighting for the two languages the notes show side by side. highlight.js core with
// only Python and TypeScript registered keeps the bundle small; other languages render as plain,
// escaped text.
import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';

hljs.registerLanguage('python', python);
hljs.registerLanguage('typescript', typescript);

const ALIASES: Record<string, string> = { py: 'python', python: 'python', python3: 'python', ts: 'typescript', typescript: 'typescript', js: 'typescript', javascript: 'typescript' };

export function languageOf(info: string): string | undefined {
  return ALIASES[info.toLowerCase()];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<pre><code>` with highlight.js spans (its output escapes the source text). */
export function highlightCode(code: string, lang: string): string {
  const language = languageOf(lang);
  const body = language ? hljs.highlight(code, { language, ignoreIllegals: true }).value : escapeHtml(code);
  const cls = language ? ` class="hljs language-${language}"` : ' class="hljs"';
  return `<pre class="nb-code"><code${cls}>${body}</code></pre>`;
}

// Links in notes may go to http(s) pages (opened outside the app, through the main process's
// allow-list), to a heading of the same note (`#…`) or to another note (`note:ID` or
// `note:ID#heading`). Everything else — javascript:, data:, vbscript:, file:, relative paths — is
// refused by the parser, so `[x](javascript:…)` stays plain text.
import type { MarkdownIt } from 'markdown-it';

const NOTE_LINK = /^note:[a-z0-9][a-z0-9-]{0,63}(#.*)?$/;

export function isAllowedHref(url: string): boolean {
  const href = url.trim();
  if (/[\u0000-\u001f\u007f]/.test(href)) return false;
  if (/^https?:\/\/[^\s/]/i.test(href)) return true;
  if (href.startsWith('#')) return true;
  return NOTE_LINK.test(href);
}

export function isExternalHref(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export function linksPlugin(md: MarkdownIt): void {
  md.validateLink = isAllowedHref;
  // Only explicit http(s):// addresses become links; "torch.nn" must not turn into http://torch.nn.
  md.linkify.set({ fuzzyLink: false, fuzzyEmail: false, fuzzyIP: false });
  const previous = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const href = String(token.attrGet('href') ?? '');
    if (isExternalHref(href)) {
      token.attrSet('target', '_blank');
      token.attrSet('rel', 'noopener noreferrer');
      token.attrJoin('class', 'nb-external');
    } else if (href.startsWith('note:')) {
      token.attrSet('data-note', href.slice(5));
    }
    return previous ? previous(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
}

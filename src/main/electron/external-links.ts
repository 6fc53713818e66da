// Links that may leave the app: only https pages of the book and the PyTorch docs, matched on the
// parsed URL (exact origin, path prefix), never on the raw string.
export interface AllowedSite {
  origin: string;
  pathPrefix: string;
}

export const EXTERNAL_ALLOW_LIST: readonly AllowedSite[] = Object.freeze([
  { origin: 'https://zh.d2l.ai', pathPrefix: '/' },
  { origin: 'https://d2l.ai', pathPrefix: '/' },
  { origin: 'https://pytorch.org', pathPrefix: '/docs/' },
]);

const MAX_URL_CHARS = 2048;

/** The normalised URL to open when `url` is on the allow-list, else null. */
export function allowedExternalUrl(url: unknown, allowList: readonly AllowedSite[] = EXTERNAL_ALLOW_LIST): string | null {
  if (typeof url !== 'string' || url.length > MAX_URL_CHARS) return null;
  // Control characters and whitespace are stripped or re-encoded by parsers in different ways;
  // a link that needs them is not one we hand to the OS.
  if (/[\u0000-\u0020\u007f\\]/.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return null;
  const site = allowList.find((s) => s.origin === parsed.origin);
  if (!site || !parsed.pathname.startsWith(site.pathPrefix)) return null;
  return parsed.href;
}

export type OpenExternal = (url: string) => Promise<void>;

/** Opens `url` in the system browser when allowed; reports whether it did. */
export function openExternalIfAllowed(url: unknown, openExternal: OpenExternal): boolean {
  const safe = allowedExternalUrl(url);
  if (safe === null) return false;
  openExternal(safe).catch((err: unknown) => console.error(`could not open ${safe}:`, err));
  return true;
}

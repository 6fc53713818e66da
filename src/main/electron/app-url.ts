// The app's own origin. The renderer is served from a custom, privileged scheme rather than file://
// so that it has a real origin (CSP 'self', same-origin checks) and cannot read arbitrary files.
export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const START_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs on exactly app://workbench: no port, no credentials, no look-alike host. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Node's URL keeps a non-special scheme's host verbatim (and reports origin "null"), so compare
  // the parts instead of `origin`.
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

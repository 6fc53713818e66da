// Resolves a request path to a file inside the built renderer, refusing anything that could
// escape the root: parent segments (raw or percent-encoded), backslashes, NUL bytes, and
// symlinks whose real path leaves the root. Refusals look exactly like a missing file (404).
import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

// One table of content types for both transports (Electron's app:// and web mode).
export { mimeTypeFor } from '../files/content-types';

/** Root resolved once: the real path of the renderer directory, ending with a separator. */
export async function realRoot(rendererDir: string): Promise<string> {
  const real = await realpath(rendererDir);
  return real.endsWith(sep) ? real : real + sep;
}

/**
 * Maps the path part of a request URL (no query) to an absolute file path under `root`, or null.
 * `root` must come from `realRoot`.
 */
export async function resolveStaticPath(root: string, rawPath: string): Promise<string | null> {
  if (!rawPath.startsWith('/')) return null;
  // Checked on the raw form too: a decoder elsewhere must never get a second chance at these.
  if (rawPath.includes('\\') || rawPath.includes('\0') || /%(00|5c|2f)/i.test(rawPath)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return null;
  }
  if (decoded.includes('\\') || decoded.includes('\0')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  // Dot-files (e.g. .env left next to a build) are never served.
  if (segments.some((s) => s.startsWith('.'))) return null;
  const relative = segments.length === 0 ? 'index.html' : segments.join(sep);
  const candidate = join(root, relative);
  if (!candidate.startsWith(root)) return null;
  try {
    const real = await realpath(candidate);
    if (!real.startsWith(root)) return null;
    const info = await stat(real);
    return info.isFile() ? real : null;
  } catch {
    return null;
  }
}

// The app:// protocol: serves the built renderer (out/renderer) and nothing else. Requests are
// checked twice: lexically on the raw URL (no dot segments, no encoded separators, no backslashes
// or NUL, right host), then on disk (the real path, after symlinks, must stay inside the root).
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_ORIGIN, APP_SCHEME } from './app-url';
import { securityHeaders } from './csp';
import { mimeTypeFor } from '../files/content-types';

/**
 * Registered before `ready`. standard+secure give the scheme a real, secure origin; fetch is
 * allowed for the app's own files. corsEnabled stays off: it would let other origins read app://.
 */
export const PRIVILEGED_SCHEMES: CustomScheme[] = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
];

const MAX_URL_CHARS = 2048;
const INDEX_FILE = 'index.html';

export type Resolved = { ok: true; segments: string[] } | { ok: false; status: 400 | 403 | 404; reason: string };

function refuse(status: 400 | 403 | 404, reason: string): Resolved {
  return { ok: false, status, reason };
}

/**
 * Turns an app:// URL into path segments under the renderer root, or refuses it. Pure: no disk.
 * The raw string is inspected before any parser normalises it, so `..` and its encodings are
 * refused rather than silently collapsed.
 */
export function resolveAppPath(rawUrl: string): Resolved {
  if (rawUrl.length > MAX_URL_CHARS) return refuse(400, `URL longer than ${MAX_URL_CHARS} characters`);
  const prefix = `${APP_ORIGIN}/`;
  if (!rawUrl.toLowerCase().startsWith(prefix)) return refuse(403, `not under ${prefix}`);
  const rawPath = rawUrl.slice(prefix.length - 1).split(/[?#]/, 1)[0] ?? '/';
  if (/[\\\0]/.test(rawPath)) return refuse(403, 'backslash or NUL in path');
  // Encoded dot, slash, backslash or NUL: no file the build emits needs them, and each is a
  // classic way to smuggle a separator or a dot segment past a naive check.
  if (/%(2e|2f|5c|00)/i.test(rawPath)) return refuse(403, 'encoded dot, slash, backslash or NUL in path');

  let parsed: URL;
  try {
    parsed = new URL(rawUrl);
  } catch {
    return refuse(400, 'unparsable URL');
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return refuse(403, `host must be ${APP_HOST}`);
  if (parsed.username || parsed.password) return refuse(403, 'credentials in URL');

  const rawSegments = rawPath.split('/').slice(1);
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return refuse(400, 'malformed percent-encoding');
    }
    if (segment === '.' || segment === '..') return refuse(403, 'dot segment in path');
    // `%` after one decoding means double encoding (`%252e`): harmless here, but never legitimate.
    if (/[\\/\0:%]/.test(segment)) return refuse(403, 'separator, drive, NUL or double encoding in a path segment');
    if (segment === '') continue;
    segments.push(segment);
  }
  // An empty segment anywhere but the end (`//x`, `a//b`) has no meaning for static files.
  if (rawSegments.slice(0, -1).some((s) => s === '')) return refuse(403, 'empty path segment');
  if (segments.length === 0) return { ok: true, segments: [INDEX_FILE] };
  return { ok: true, segments };
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && !isAbsolute(rel) && !rel.split(sep).includes('..');
}

function errorResponse(status: number, message: string): Response {
  return new Response(`${status} ${message}\n`, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/** Serves one request from `rootDir`. Every response, errors included, carries the CSP headers. */
export async function serveAppRequest(rootDir: string, request: Pick<Request, 'url' | 'method'>): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return errorResponse(405, 'Method Not Allowed');
  const resolved = resolveAppPath(request.url);
  if (!resolved.ok) return errorResponse(resolved.status, resolved.status === 404 ? 'Not Found' : resolved.status === 400 ? 'Bad Request' : 'Forbidden');

  let realRoot: string;
  let realFile: string;
  try {
    realRoot = await realpath(rootDir);
  } catch {
    return errorResponse(404, 'Not Found');
  }
  const candidate = resolve(realRoot, ...resolved.segments);
  if (!isInside(realRoot, candidate)) return errorResponse(403, 'Forbidden');
  try {
    realFile = await realpath(candidate);
  } catch {
    return errorResponse(404, 'Not Found');
  }
  // A symlink inside the build that points outside it is refused, not followed.
  if (!isInside(realRoot, realFile)) return errorResponse(403, 'Forbidden');
  try {
    const info = await stat(realFile);
    if (!info.isFile()) return errorResponse(404, 'Not Found');
    const headers = { ...securityHeaders(mimeTypeFor(realFile)), 'Content-Length': String(info.size) };
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    const body = await readFile(realFile);
    return new Response(body, { status: 200, headers });
  } catch {
    return errorResponse(404, 'Not Found');
  }
}

/** The function handed to `protocol.handle('app', …)`. */
export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  return (request) => serveAppRequest(rootDir, request);
}

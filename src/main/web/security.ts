// The checks that keep web mode local and private: a per-launch token, exact Origin and Host
// matching (DNS-rebinding and cross-site WebSocket defence), and the response headers.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { contentSecurityPolicy as appPolicy } from '../electron/csp';

export const LOOPBACK = '127.0.0.1';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; unequal lengths are rejected before comparing. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}

export function contentSecurityPolicy(port: number): string {
  return appPolicy(`'self' ws://${LOOPBACK}:${port}`);
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

export type UpgradeRefusal = { status: 401 | 403 | 404; reason: string };

/**
 * Decides whether a WebSocket upgrade may proceed. The token travels as the `token` query
 * parameter of the socket URL. Reasons never include the token.
 */
export function checkUpgrade(req: IncomingMessage, port: number, token: string): UpgradeRefusal | null {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);
  } catch {
    // An absolute-form target like `http://[` does not parse; throwing here would crash the
    // process from inside the 'upgrade' listener, before any token check.
    return { status: 404, reason: 'request target is not a valid URL' };
  }
  if (url.pathname !== '/ws') return { status: 404, reason: `no WebSocket endpoint at ${url.pathname.slice(0, 80)}` };
  const expectedHost = `${LOOPBACK}:${port}`;
  if (req.headers.host !== expectedHost) return { status: 403, reason: `Host must be ${expectedHost}` };
  if (req.headers.origin !== `http://${expectedHost}`) return { status: 403, reason: `Origin must be http://${expectedHost}` };
  const given = url.searchParams.getAll('token');
  if (given.length !== 1 || !tokenMatches(token, given[0])) return { status: 401, reason: 'missing or wrong token' };
  return null;
}

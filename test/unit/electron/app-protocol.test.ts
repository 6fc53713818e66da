import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIVILEGED_SCHEMES, createAppProtocolHandler, resolveAppPath, serveAppRequest } from '../../../src/main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/electron/csp';

describe('resolveAppPath (lexical checks)', () => {
  it.each([
    ['app://workbench/', ['index.html']],
    ['app://workbench/index.html', ['index.html']],
    ['app://workbench/assets/index-AbC123.js', ['assets', 'index-AbC123.js']],
    ['app://workbench/index.html?lang=zh#/runs', ['index.html']],
    ['app://workbench/notes/%E7%AC%94%E8%AE%B0.md', ['notes', '笔记.md']],
    ['app://workbench/fonts/KaTeX_Main-Regular.woff2', ['fonts', 'KaTeX_Main-Regular.woff2']],
  ])('accepts %s', (url, segments) => {
    expect(resolveAppPath(url)).toEqual({ ok: true, segments });
  });

  it.each([
    ['app://workbench/../etc/passwd', 403],
    ['app://workbench/assets/../../etc/passwd', 403],
    ['app://workbench/./index.html', 403],
    ['app://workbench/%2e%2e/etc/passwd', 403],
    ['app://workbench/%2E%2E/%2E%2E/etc/passwd', 403],
    ['app://workbench/.%2e/secret', 403],
    ['app://workbench/assets%2f..%2f..%2fsecret', 403],
    ['app://workbench/assets%2F..%2Fsecret', 403],
    ['app://workbench/..%5c..%5csecret', 403],
    ['app://workbench/..\\..\\secret', 403],
    ['app://workbench/index.html%00.png', 403],
    ['app://workbench/index.html\u0000.png', 403],
    ['app://workbench//etc/passwd', 403],
    ['app://workbench//', 403],
    ['app://workbench/assets//x.js', 403],
    ['app://workbench/C:/Windows/win.ini', 403],
    ['app://workbench/%252e%252e/secret', 403],
    ['app://evil/index.html', 403],
    ['app://workbench.evil.com/index.html', 403],
    ['app://workbench:8080/index.html', 403],
    ['app://user:pw@workbench/index.html', 403],
    ['app://WORKBENCH/index.html', 403],
    ['file:///etc/passwd', 403],
    ['https://workbench/index.html', 403],
    ['app://workbench/%E0%A4%A', 400],
    [`app://workbench/${'a'.repeat(3000)}`, 400],
  ])('refuses %s', (url, status) => {
    const resolved = resolveAppPath(url);
    expect(resolved.ok).toBe(false);
    if (!resolved.ok) {
      expect(resolved.status).toBe(status);
      expect(resolved.reason.length).toBeGreaterThan(0);
    }
  });
});

describe('serveAppRequest (disk checks)', () => {
  let base: string;
  let root: string;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'd2l-app-protocol-'));
    root = join(base, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>ok</title>');
    await writeFile(join(root, 'assets', 'app.js'), 'export const x = 1;');
    await writeFile(join(root, 'assets', 'app.css'), 'body{}');
    await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>');
    await writeFile(join(root, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
    await writeFile(join(root, 'assets', 'blob.unknownext'), 'x');
    await writeFile(join(base, 'secret.txt'), 'top secret');
    // A symlink that stays inside the root is fine; one that escapes is not.
    await symlink(join(root, 'assets', 'app.js'), join(root, 'inside-link.js'));
    await symlink(join(base, 'secret.txt'), join(root, 'escape-link.txt'));
    await symlink(base, join(root, 'escape-dir'));
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const get = (url: string, method = 'GET') => serveAppRequest(root, { url, method });

  it('serves index.html for / and by name, with the CSP and nosniff headers', async () => {
    for (const url of ['app://workbench/', 'app://workbench/index.html']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await res.text()).toContain('<title>ok</title>');
    }
  });

  it.each([
    ['assets/app.js', 'text/javascript; charset=utf-8'],
    ['assets/app.css', 'text/css; charset=utf-8'],
    ['assets/logo.svg', 'image/svg+xml'],
    ['assets/font.woff2', 'font/woff2'],
    ['assets/blob.unknownext', 'application/octet-stream'],
  ])('serves %s as %s', async (path, type) => {
    const res = await get(`app://workbench/${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(type);
  });

  it('follows a symlink that stays inside the root', async () => {
    const res = await get('app://workbench/inside-link.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('export const x = 1;');
  });

  it('refuses symlinks that escape the root (file and directory)', async () => {
    for (const url of ['app://workbench/escape-link.txt', 'app://workbench/escape-dir/secret.txt']) {
      const res = await get(url);
      expect(res.status).toBe(403);
      expect(await res.text()).not.toContain('top secret');
    }
  });

  it('answers 404 for missing files and directories, still with the CSP', async () => {
    for (const url of ['app://workbench/nope.js', 'app://workbench/assets', 'app://workbench/assets/']) {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('never reads outside the root for traversal variants', async () => {
    for (const url of [
      'app://workbench/../secret.txt',
      'app://workbench/%2e%2e/secret.txt',
      'app://workbench/assets/%2E%2E%2F..%2Fsecret.txt',
      'app://workbench/..%5csecret.txt',
      'app://evil/secret.txt',
    ]) {
      const res = await get(url);
      expect([403, 404]).toContain(res.status);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await res.text()).not.toContain('top secret');
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://workbench/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('<!doctype html><title>ok</title>'.length));
    expect(await head.text()).toBe('');
    const post = await get('app://workbench/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 when the renderer has not been built', async () => {
    const res = await serveAppRequest(join(base, 'missing-root'), { url: 'app://workbench/index.html', method: 'GET' });
    expect(res.status).toBe(404);
  });

  it('createAppProtocolHandler serves real Request objects', async () => {
    const handler = createAppProtocolHandler(root);
    const ok = await handler(new Request('app://workbench/index.html'));
    expect(ok.status).toBe(200);
    const refused = await handler(new Request('app://other/index.html'));
    expect(refused.status).toBe(403);
  });
});

describe('PRIVILEGED_SCHEMES', () => {
  it('registers app:// as standard and secure, without CORS or CSP bypass', () => {
    expect(PRIVILEGED_SCHEMES).toHaveLength(1);
    const [scheme] = PRIVILEGED_SCHEMES;
    expect(scheme?.scheme).toBe('app');
    expect(scheme?.privileges).toMatchObject({ standard: true, secure: true });
    expect(scheme?.privileges?.bypassCSP).not.toBe(true);
    expect(scheme?.privileges?.corsEnabled).not.toBe(true);
  });
});

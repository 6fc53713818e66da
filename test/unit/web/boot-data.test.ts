// Web mode's page carries the experiment list (boot data, issue 15): what the server inserts, how
// it escapes hostile text, and that a failure or an absent list serves the page as built.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { EventHub } from '../../../src/main/events';
import { startWebServer, type WebServer } from '../../../src/main/web/server';
import { BOOT_DATA_ID, bootDataElement, type BootData } from '../../../src/shared/boot-data';
import { experimentListSchema } from '../../../src/shared/experiment-spec-schema';
import type { Handlers } from '../../../src/main/dispatch';
import { EXPERIMENTS } from '../helpers/catalog';
import { rawRequest } from './helpers';

const PAGE = '<!doctype html><html><head><title>workbench</title></head><body><div id="app"></div></body></html>';

/** The element's text as an HTML parser sees it: up to the first `</script`, whatever the JSON says. */
function embedded(html: string): string | undefined {
  const open = `<script type="application/json" id="${BOOT_DATA_ID}">`;
  const start = html.indexOf(open);
  if (start < 0) return undefined;
  const body = html.slice(start + open.length);
  return body.slice(0, body.search(/<\/script/i));
}

/** A page's body as a browser gets it (files other than the boot page are streamed, chunked). */
async function page(server: WebServer, path: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('boot data in the served page', () => {
  let base: string;
  const servers: WebServer[] = [];
  const lines: string[] = [];

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'd2l-boot-test-'));
    mkdirSync(join(base, 'renderer'));
    writeFileSync(join(base, 'renderer', 'index.html'), PAGE);
    writeFileSync(join(base, 'renderer', 'other.html'), PAGE);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(base, { recursive: true, force: true });
  });

  async function serve(bootData?: () => Promise<BootData | undefined>): Promise<WebServer> {
    const opts: Parameters<typeof startWebServer>[0] = {
      port: 0, rendererDir: join(base, 'renderer'), handlers: {} as Handlers, events: new EventHub(), log: (l) => lines.push(l),
    };
    if (bootData) opts.bootData = bootData;
    const server = await startWebServer(opts);
    servers.push(server);
    return server;
  }

  it('puts the catalog\'s experiment list into index.html, before </head>, valid for the reply\'s schema', async () => {
    const server = await serve(async () => ({ experiments: structuredClone(EXPERIMENTS) }));
    for (const path of ['/', '/index.html', `/?token=${server.token}`]) {
      const res = await rawRequest(server.port, path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
      expect(res.body.indexOf(`id="${BOOT_DATA_ID}"`)).toBeLessThan(res.body.indexOf('</head>'));
      const data = JSON.parse(embedded(res.body)!) as BootData;
      expect(v.parse(experimentListSchema, data.experiments)).toEqual(EXPERIMENTS);
    }
    // Other pages are served as they are.
    expect(await page(server, '/other.html')).toBe(PAGE);
    // HEAD: the same length, no body.
    const head = await rawRequest(server.port, '/', { method: 'HEAD' });
    expect(head.body).toBe('');
    expect(Number(head.headers['content-length'])).toBe(Buffer.byteLength((await rawRequest(server.port, '/')).body));
  });

  it('keeps the strict CSP: the element is inert data, no executable inline script', async () => {
    const server = await serve(async () => ({ experiments: structuredClone(EXPERIMENTS) }));
    const res = await rawRequest(server.port, '/');
    expect(res.headers['content-security-policy']).toContain("script-src 'self';");
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(res.headers['content-security-policy']!)![1];
    expect(scriptSrc).toBe("'self'");
    expect([...res.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1])).toEqual([` type="application/json" id="${BOOT_DATA_ID}"`]);
  });

  it('escapes text that could close the element or open a comment', async () => {
    const hostile = structuredClone(EXPERIMENTS[0]!);
    hostile.title.en = '</script><script>alert(1)</script><!-- & \u2028\u2029 </SCRIPT >';
    const server = await serve(async () => ({ experiments: [hostile] }));
    const res = await rawRequest(server.port, '/');
    const text = embedded(res.body)!;
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect((JSON.parse(text) as BootData).experiments[0]!.title.en).toBe(hostile.title.en);
    // The page's own markup follows the one element intact.
    expect(res.body.endsWith('</head><body><div id="app"></div></body></html>')).toBe(true);
  });

  it('serves the page as built when there is no list or it cannot be had, and logs the failure', async () => {
    const none = await serve(async () => undefined);
    expect(await page(none, '/')).toBe(PAGE);
    const failing = await serve(async () => {
      throw new Error('experiment-specs.js is unreadable');
    });
    expect(await page(failing, '/')).toBe(PAGE);
    expect(lines).toContain('page served without boot data: experiment-specs.js is unreadable');
    const plain = await serve();
    expect(await page(plain, '/')).toBe(PAGE);
  });

  it('bootDataElement writes one inert JSON element', () => {
    expect(bootDataElement({ experiments: [] })).toBe(`<script type="application/json" id="${BOOT_DATA_ID}">{"experiments":[]}</script>`);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { dispatch, type Handlers } from '../../../src/main/dispatch';
import { WorkbenchError } from '../../../src/shared/api';
import { createHandlers, systemLangFrom } from '../../../src/main/handlers';
import { defaultDataDir, resolveDataDir } from '../../../src/main/data-dir';
import { EventHub } from '../../../src/main/events';
import { REQUEST_NAMES } from '../../../src/shared/schema';

/** A spy for every contract request (so the contract can grow without touching this file). */
function fakeHandlers(): Handlers {
  const h = Object.fromEntries(REQUEST_NAMES.map((name) => [name, vi.fn(() => null)])) as unknown as Handlers;
  h['app.info'] = vi.fn(() => ({ name: 'x', version: '0', backend: { name: 'ts', label: 'TypeScript' }, dataDir: '/d', mode: 'web', systemLang: 'en', cli: { command: 'npx d2l-workbench', shell: 'posix' } }) as const);
  h['experiments.list'] = vi.fn(() => []);
  return h;
}

describe('dispatch', () => {
  it('runs the handler on a valid request', async () => {
    const h = fakeHandlers();
    const reply = await dispatch(h, 'experiments.list', null);
    expect(reply).toEqual({ ok: true, result: [] });
    expect(h['experiments.list']).toHaveBeenCalledOnce();
  });

  it('never runs a handler on invalid input', async () => {
    const h = fakeHandlers();
    expect((await dispatch(h, 'experiments.list', { a: 1 })).ok).toBe(false);
    expect((await dispatch(h, 'missing', null)).ok).toBe(false);
    expect(h['experiments.list']).not.toHaveBeenCalled();
  });

  it('turns thrown errors into typed replies', async () => {
    const h = fakeHandlers();
    h['experiments.list'] = () => {
      throw new WorkbenchError({ code: 'not-found', message: 'gone' });
    };
    expect(await dispatch(h, 'experiments.list', null)).toEqual({ ok: false, error: { code: 'not-found', message: 'gone' } });
    h['experiments.list'] = () => {
      throw new Error('boom');
    };
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await dispatch(h, 'experiments.list', null)).toEqual({ ok: false, error: { code: 'internal', message: 'boom' } });
    spy.mockRestore();
  });
});

describe('handlers', () => {
  it('app.info reports name, version, backend and data dir', async () => {
    const h = createHandlers({ dataDir: '/tmp/wb', mode: 'web', systemLang: 'zh' });
    const info = await h['app.info'](null);
    expect(info).toMatchObject({ name: 'd2l-workbench', dataDir: '/tmp/wb', mode: 'web', systemLang: 'zh' });
    expect(['native', 'wasm', 'ts']).toContain(info.backend.name);
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('experiments.list returns copies of the catalog', async () => {
    const h = createHandlers({ dataDir: '/tmp/wb', mode: 'web', systemLang: 'en' });
    const list = await h['experiments.list'](null);
    list[0]!.title.en = 'changed';
    expect((await h['experiments.list'](null))[0]!.title.en).not.toBe('changed');
  });

  it('picks zh for Chinese locales only', () => {
    expect(systemLangFrom('zh_CN.UTF-8')).toBe('zh');
    expect(systemLangFrom('zh-TW')).toBe('zh');
    expect(systemLangFrom('en_US.UTF-8')).toBe('en');
    expect(systemLangFrom(undefined)).toBe('en');
  });
});

describe('data dir', () => {
  it('follows flag > env > platform default', () => {
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe('/home/u/.config/d2l-workbench');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/u')).toBe('/x/d2l-workbench');
    expect(defaultDataDir({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/d2l-workbench');
    expect(defaultDataDir({ D2L_WORKBENCH_DATA: '/data' }, 'linux', '/home/u')).toBe('/data');
    expect(resolveDataDir('/flag', { D2L_WORKBENCH_DATA: '/data' })).toBe('/flag');
  });
});

describe('EventHub', () => {
  it('delivers to every subscriber even when one throws, and unsubscribes', () => {
    const hub = new EventHub();
    const seen: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    hub.subscribe(() => {
      throw new Error('broken transport');
    });
    const off = hub.subscribe((name, payload) => seen.push(`${name}:${JSON.stringify(payload)}`));
    hub.emit('app.notice', { level: 'info', message: 'hi' });
    off();
    hub.emit('app.notice', { level: 'info', message: 'again' });
    expect(seen).toEqual(['app.notice:{"level":"info","message":"hi"}']);
    spy.mockRestore();
  });
});

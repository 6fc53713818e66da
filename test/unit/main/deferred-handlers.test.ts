// `serve` listens before its handlers' modules have loaded (issue 15): a request that arrives
// first starts the loading and waits for the real handlers, and a failed load fails it with its error.
import { describe, expect, it } from 'vitest';
import { deferredHandlers } from '../../../src/main/deferred-handlers';
import { dispatch, type Handlers } from '../../../src/main/dispatch';
import { REQUEST_NAMES } from '../../../src/shared/schema';

function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: Error) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('deferredHandlers', () => {
  it('has a handler for every request of the contract', () => {
    const handlers = deferredHandlers(() => new Promise<Handlers>(() => undefined));
    expect(Object.keys(handlers).sort()).toEqual([...REQUEST_NAMES].sort());
  });

  it('a request made while loading waits and is answered by the loaded handler, with its payload', async () => {
    const load = deferred<Handlers>();
    let loads = 0;
    const handlers = deferredHandlers(() => {
      loads++;
      return load.promise;
    });
    expect(loads).toBe(0);
    const calls: unknown[] = [];
    const reply = dispatch(handlers, 'notes.get', { id: 'd2l-0-install', lang: 'en' });
    let settled = false;
    void reply.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    expect(loads).toBe(1);
    load.resolve({
      'notes.get': (payload: unknown) => {
        calls.push(payload);
        return { id: 'd2l-0-install', markdown: '# Install' };
      },
    } as unknown as Handlers);
    expect(await reply).toEqual({ ok: true, result: { id: 'd2l-0-install', markdown: '# Install' } });
    expect(calls).toEqual([{ id: 'd2l-0-install', lang: 'en' }]);
  });

  it('a failed load fails each request with the load\'s error', async () => {
    const load = deferred<Handlers>();
    const handlers = deferredHandlers(() => load.promise);
    load.reject(new Error('not a directory, scandir \'/x/runs\''));
    const reply = await dispatch(handlers, 'experiments.list', null);
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'not a directory, scandir \'/x/runs\'' } });
  });

  it('an early handler answers while the load is still pending, and starts the load as any first request does', async () => {
    const load = deferred<Handlers>();
    let loads = 0;
    const handlers = deferredHandlers(() => {
      loads++;
      return load.promise;
    }, { 'experiments.list': () => [] });
    expect(await dispatch(handlers, 'experiments.list', null)).toEqual({ ok: true, result: [] });
    expect(loads).toBe(1);
    // The other requests still wait for the load.
    let settled = false;
    const info = dispatch(handlers, 'app.info', null).then((r) => ((settled = true), r));
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    load.resolve({ 'app.info': () => ({ name: 'x' }) } as unknown as Handlers);
    expect(await info).toEqual({ ok: true, result: { name: 'x' } });
  });

  it('a failed load does not fail an early handler (serve reports the load\'s error itself)', async () => {
    const handlers = deferredHandlers(() => Promise.reject(new Error('no data folder')), { 'experiments.list': () => [] });
    expect(await dispatch(handlers, 'experiments.list', null)).toEqual({ ok: true, result: [] });
  });
});

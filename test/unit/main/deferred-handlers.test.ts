// `serve` listens before its handlers' modules have loaded (issue 15): a request that arrives
// first starts the loading and waits for the real handlers, and a failed load fails it with its error.
import { describe, expect, it } from 'vitest';
import { deferredHandlers } from '../../../src/main/deferred-handlers';
import { dispatch, type Handlers } from '../../../src/main/dispatch';
import { REQUEST_NAMES } from '../../../src/shared/schema';

/** A handlers load the test settles by hand; `starts` counts how often deferredHandlers began it. */
function manualLoad(): { start: () => Promise<Handlers>; starts: number; resolve: (h: Handlers) => void; reject: (e: Error) => void } {
  let resolve!: (h: Handlers) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<Handlers>((res, rej) => ((resolve = res), (reject = rej)));
  const load = {
    starts: 0,
    start: () => {
      load.starts++;
      return promise;
    },
    resolve: (h: Handlers) => resolve(h),
    reject: (e: Error) => reject(e),
  };
  return load;
}

/** True when `p` has not settled after a turn of the event loop (a reply still waiting for the load). */
async function stillPending(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void p.then(() => (settled = true), () => (settled = true));
  await new Promise((r) => setTimeout(r, 0));
  return !settled;
}

describe('deferredHandlers', () => {
  it('has a handler for every request of the contract', () => {
    const handlers = deferredHandlers(() => new Promise<Handlers>(() => undefined));
    expect(Object.keys(handlers).sort()).toEqual([...REQUEST_NAMES].sort());
  });

  it('a request made while loading waits and is answered by the loaded handler, with its payload', async () => {
    const load = manualLoad();
    const handlers = deferredHandlers(load.start);
    expect(load.starts).toBe(0);
    const calls: unknown[] = [];
    const reply = dispatch(handlers, 'notes.get', { id: 'd2l-0-install', lang: 'en' });
    expect(await stillPending(reply)).toBe(true);
    expect(load.starts).toBe(1);
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
    const load = manualLoad();
    const handlers = deferredHandlers(load.start);
    load.reject(new Error('not a directory, scandir \'/x/runs\''));
    const reply = await dispatch(handlers, 'experiments.list', null);
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: 'not a directory, scandir \'/x/runs\'' } });
  });

  it('an early handler answers while the load is still pending, and starts the load as any first request does', async () => {
    const load = manualLoad();
    const handlers = deferredHandlers(load.start, { 'experiments.list': () => [] });
    expect(await dispatch(handlers, 'experiments.list', null)).toEqual({ ok: true, result: [] });
    expect(load.starts).toBe(1);
    // The other requests still wait for the load.
    const info = dispatch(handlers, 'app.info', null);
    expect(await stillPending(info)).toBe(true);
    load.resolve({ 'app.info': () => ({ name: 'x' }) } as unknown as Handlers);
    expect(await info).toEqual({ ok: true, result: { name: 'x' } });
  });

  it('a failed load does not fail an early handler (serve reports the load\'s error itself)', async () => {
    const handlers = deferredHandlers(() => Promise.reject(new Error('no data folder')), { 'experiments.list': () => [] });
    expect(await dispatch(handlers, 'experiments.list', null)).toEqual({ ok: true, result: [] });
  });
});

// Lets a server answer before the modules behind its handlers have loaded: `serve` listens and
// prints its address first (the engine, the catalog, the notes and the run store are most of its
// start-up), and requests that arrive while they load wait for them (issue 15).
import type { RequestName } from '../shared/api';
import { REQUEST_NAMES } from '../shared/schema';
import type { Handlers } from './dispatch';

/**
 * Handlers for every request name that wait for `loading` and call the loaded handler. A failed
 * load fails each request with the load's error (dispatch reports it as an internal error).
 */
export function deferredHandlers(loading: Promise<Handlers>): Handlers {
  // Whoever awaits `loading` reports its failure; without this an early failure, before any
  // request, would also be an unhandled rejection.
  loading.catch(() => undefined);
  const out: Partial<Record<RequestName, (payload: unknown) => Promise<unknown>>> = {};
  for (const name of REQUEST_NAMES) {
    out[name] = async (payload) => ((await loading)[name] as (p: unknown) => unknown)(payload);
  }
  return out as Handlers;
}

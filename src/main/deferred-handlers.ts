// Lets a server answer before the modules behind its handlers have loaded: `serve` listens and
// prints its address first (the engine, the catalog, the notes and the run store are most of its
// start-up), and requests that arrive before they have loaded wait for them (issue 15).
import type { RequestName } from '../shared/api';
import { REQUEST_NAMES } from '../shared/schema';
import type { Handlers } from './dispatch';

/**
 * Handlers for every request name that call `load` (which starts the loading if nothing has yet,
 * and returns the same promise every time) and then the loaded handler. A failed load fails each
 * request with the load's error (dispatch reports it as an internal error).
 */
export function deferredHandlers(load: () => Promise<Handlers>): Handlers {
  const out: Partial<Record<RequestName, (payload: unknown) => Promise<unknown>>> = {};
  for (const name of REQUEST_NAMES) {
    out[name] = async (payload) => ((await load())[name] as (p: unknown) => unknown)(payload);
  }
  return out as Handlers;
}

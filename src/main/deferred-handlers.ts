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
 *
 * `early` answers some requests without waiting for `load` (each loads only what it needs, e.g.
 * the experiment list only the catalog); they still start `load`, as any first request does.
 */
export function deferredHandlers(load: () => Promise<Handlers>, early: Partial<Handlers> = {}): Handlers {
  const out: Partial<Record<RequestName, (payload: unknown) => Promise<unknown>>> = {};
  for (const name of REQUEST_NAMES) {
    const own = early[name] as ((p: unknown) => unknown) | undefined;
    out[name] = own
      ? async (payload) => {
        // Its failure reaches the requests that wait for it (and serve, which exits on it).
        load().catch(() => undefined);
        return own(payload);
      }
      : async (payload) => ((await load())[name] as (p: unknown) => unknown)(payload);
  }
  return out as Handlers;
}

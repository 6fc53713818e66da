// Transport-independent request handling: every request from any transport goes through
// `dispatch`, which validates the name and payload before a handler ever runs.
import type { Payload, Reply, RequestName, Result } from '../shared/api';
import { WorkbenchError } from '../shared/api';
import { checkRequest } from '../shared/schema';
import { errorMessage } from '../shared/error-message';

export type Handlers = { [K in RequestName]: (payload: Payload<K>) => Promise<Result<K>> | Result<K> };
/** The handlers of one area of the contract, e.g. `HandlersOf<'runs'>` for every `runs.*` request. */
export type HandlersOf<Area extends string> = Pick<Handlers, Extract<RequestName, `${Area}.${string}`>>;

export async function dispatch(handlers: Handlers, name: unknown, payload: unknown): Promise<Reply<unknown>> {
  const checked = checkRequest(name, payload);
  if (!checked.ok) return { ok: false, error: checked.error };
  const handler = handlers[checked.value.name] as (p: unknown) => unknown;
  try {
    return { ok: true, result: await handler(checked.value.payload) };
  } catch (err) {
    if (err instanceof WorkbenchError) return { ok: false, error: err.toData() };
    // Internal failures are logged in full here and reported without stack traces.
    console.error(`request ${checked.value.name} failed:`, err);
    const message = errorMessage(err);
    return { ok: false, error: { code: 'internal', message } };
  }
}

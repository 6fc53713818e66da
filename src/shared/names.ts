// The contract's request and event names as plain data, with no schema library behind them, so the
// sandboxed preload can check names without bundling valibot. `satisfies Record<…, true>` rejects
// both a missing and an extra key, so this list fails to compile the moment it drifts from api.ts.
import type { EventName, RequestName } from './api';

const requestNameSet = {
  'app.info': true,
  'experiments.list': true,
  'experiments.program': true,
  'training.start': true,
  'training.cancel': true,
  'training.list': true,
  'training.step': true,
  'runs.list': true,
  'runs.get': true,
  'runs.params': true,
  'runs.update': true,
  'runs.delete': true,
  'runs.export': true,
  'runs.bundle': true,
  'runs.exportProject': true,
  'runs.import': true,
  'datasets.status': true,
  'datasets.import': true,
  'datasets.samples': true,
  'notes.list': true,
  'notes.get': true,
  'notes.save': true,
  'notes.create': true,
  'notes.rename': true,
  'notes.delete': true,
  'notes.import': true,
  'notes.search': true,
  'notes.pin': true,
  'notes.demo': true,
  'notes.runDemo': true,
} as const satisfies Record<RequestName, true>;

const eventNameSet = {
  'app.notice': true,
  'training.progress': true,
  'training.finished': true,
  'training.saved': true,
  'runs.changed': true,
} as const satisfies Record<EventName, true>;

export const REQUEST_NAME_LIST: readonly RequestName[] = Object.freeze(Object.keys(requestNameSet) as RequestName[]);
export const EVENT_NAME_LIST: readonly EventName[] = Object.freeze(Object.keys(eventNameSet) as EventName[]);

export function isKnownRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requestNameSet, name);
}

export function isKnownEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(eventNameSet, name);
}

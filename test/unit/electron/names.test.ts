import { describe, expect, it } from 'vitest';
import { EVENT_NAME_LIST, REQUEST_NAME_LIST, isKnownEventName, isKnownRequestName } from '../../../src/shared/names';
import { EVENT_NAMES, REQUEST_NAMES } from '../../../src/shared/schema';

describe('names-only contract lists', () => {
  it('match the schema lists exactly', () => {
    expect([...REQUEST_NAME_LIST].sort()).toEqual([...REQUEST_NAMES].sort());
    expect([...EVENT_NAME_LIST].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('recognise contract names and nothing else', () => {
    for (const name of REQUEST_NAMES) expect(isKnownRequestName(name)).toBe(true);
    for (const name of EVENT_NAMES) expect(isKnownEventName(name)).toBe(true);
    for (const bad of ['__proto__', 'constructor', 'hasOwnProperty', '', 'app', 1, null, undefined, {}]) {
      expect(isKnownRequestName(bad)).toBe(false);
      expect(isKnownEventName(bad)).toBe(false);
    }
  });
});

// Replies are bounded and built in slices. A reply used to be one JSON.stringify call: on a 67 M
// value tensor that threw "Invalid string length" inside the socket's send(), outside any try, and
// the process died; on smaller monsters it held the event loop for seconds. Here a reply is walked
// iteratively (no recursion, so nesting depth cannot overflow the stack), stops the moment it
// passes its byte budget, and lets other work run every few milliseconds.
import { WorkbenchError } from '../../shared/api';
import { ticker, tooLarge } from '../services/export/budget';

type Frame =
  | { kind: 'array'; items: readonly unknown[]; i: number }
  | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; i: number; first: boolean };

/** Depth beyond which a reply is refused (no contract result comes near it). */
const MAX_DEPTH = 200;

/**
 * JSON.stringify semantics (undefined and functions skipped in objects, null in arrays; non-finite
 * numbers as null; toJSON honoured) for the plain data replies are made of. With `build` false only
 * the length is computed. Throws WorkbenchError('too-large') past `limit` characters.
 */
async function walk(value: unknown, limit: number, what: string, build: boolean): Promise<{ length: number; text: string }> {
  const parts: string[] = [];
  let length = 0;
  const tick = ticker();
  const emit = (s: string): void => {
    length += s.length;
    if (length > limit) throw tooLarge(what, length, limit);
    if (build) parts.push(s);
  };
  const stack: Frame[] = [];
  // Emits a scalar, or opens a frame for a container; returns false for values JSON leaves out.
  const visit = (v: unknown, inArray: boolean): void => {
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON: () => unknown }).toJSON();
    switch (typeof v) {
      case 'number':
        emit(Number.isFinite(v) ? String(v) : 'null');
        return;
      case 'string':
        // Checked before the (native) escaping, so a huge string is refused without copying it.
        if (length + v.length + 2 > limit) throw tooLarge(what, length + v.length + 2, limit);
        emit(JSON.stringify(v));
        return;
      case 'boolean':
        emit(v ? 'true' : 'false');
        return;
      case 'bigint':
        throw new WorkbenchError({ code: 'internal', message: `${what} holds a BigInt, which JSON cannot carry` });
      case 'object':
        if (v === null) {
          emit('null');
          return;
        }
        if (stack.length >= MAX_DEPTH) throw new WorkbenchError({ code: 'too-large', message: `${what} is nested more than ${MAX_DEPTH} levels deep` });
        if (Array.isArray(v)) {
          emit('[');
          stack.push({ kind: 'array', items: v, i: 0 });
        } else {
          emit('{');
          stack.push({ kind: 'object', obj: v as Record<string, unknown>, keys: Object.keys(v), i: 0, first: true });
        }
        return;
      default:
        // undefined, functions, symbols: null inside arrays, left out of objects (by the caller).
        if (inArray) emit('null');
    }
  };
  const skipped = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';
  visit(value, false);
  let steps = 0;
  while (stack.length > 0) {
    if ((++steps & 1023) === 0) await tick();
    const top = stack[stack.length - 1]!;
    if (top.kind === 'array') {
      if (top.i === top.items.length) {
        emit(']');
        stack.pop();
        continue;
      }
      if (top.i > 0) emit(',');
      visit(top.items[top.i++], true);
    } else {
      if (top.i === top.keys.length) {
        emit('}');
        stack.pop();
        continue;
      }
      const key = top.keys[top.i++]!;
      const v = top.obj[key];
      if (skipped(v)) continue;
      if (!top.first) emit(',');
      top.first = false;
      emit(JSON.stringify(key));
      emit(':');
      visit(v, false);
    }
  }
  return { length, text: build ? parts.join('') : '' };
}

/** The JSON text of `value`, built in slices; WorkbenchError('too-large') past `limit` characters. */
export async function stringifyBounded(value: unknown, limit: number, what = 'the reply'): Promise<string> {
  return (await walk(value, limit, what, true)).text;
}

/** The length of `value` as JSON without building it (the Electron transport clones, not serializes). */
export async function jsonLengthBounded(value: unknown, limit: number, what = 'the reply'): Promise<number> {
  return (await walk(value, limit, what, false)).length;
}

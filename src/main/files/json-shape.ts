// A look at a JSON file's shape before JSON.parse sees it. Parsing is one synchronous call that
// nothing can interrupt: 400 kB of `[[[…]]]` held the event loop for 200 ms, a few MB of `0,0,0,…`
// for longer. One pass over the bytes (strings skipped) counts the nesting depth and the values,
// and refuses a file past either limit before a single object is built.

export interface JsonShapeLimits {
  /** Deepest nesting of arrays and objects. */
  maxDepth: number;
  /** Values in all (array elements and object members). */
  maxValues: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** Why the bytes cannot be a file within the limits (message follows the file name), or undefined. */
export function jsonShapeProblem(bytes: Uint8Array, limits: JsonShapeLimits): string | undefined {
  let depth = 0;
  // A container with anything in it holds one value more than it has commas.
  let values = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === COMMA) values++;
    else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
      if (++depth > limits.maxDepth) return `is nested more than ${limits.maxDepth} levels deep`;
      values++;
    } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) depth--;
    if (values > limits.maxValues) return `holds more than ${limits.maxValues} values`;
  }
  return undefined;
}

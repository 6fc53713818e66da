// Rewrites built JavaScript so that it is pure ASCII: every other UTF-16 code unit becomes a
// \uXXXX escape (a character beyond the BMP becomes its surrogate pair, which strings, template
// literals and regular expressions, with or without the u flag, all read as that character).
// V8 keeps an ASCII source as a one-byte string: the CLI's CommonJS chunks, whose Chinese program
// texts and titles made them two-byte, decode, compile and load from the code cache faster, about
// 12 ms of a `train` (issue 15).
//
// An escape means the same as the character only where the character was not itself escaped
// (`\中` in a string) and not inside String.raw: the first is refused here, and the CLI's raw
// templates are ASCII (test/unit/cli/ascii-escape.test.ts checks the built chunks).

/** `code` with every non-ASCII code unit escaped; throws where a backslash precedes one. */
export function asciiEscape(code, name = 'chunk') {
  const escaped = /\\[^\x00-\x7f]/.exec(code);
  if (escaped) {
    const line = code.slice(0, escaped.index).split('\n').length;
    throw new Error(`${name}:${line}: a backslash before a non-ASCII character; its \\u escape would mean something else`);
  }
  return code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

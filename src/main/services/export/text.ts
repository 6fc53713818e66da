// Human-readable parameter exports. JSON nests values by shape (like `tensor.tolist()`); CSV has
// one row per element: `name,index,value`, where a 2-D index reads "0,1" (quoted, it holds a comma).
// Values print as the shortest decimal that reads back as the same float32. Both are produced in
// chunks of text, so a large run is written to its file piece by piece instead of as one string
// (a 67 M value CSV used to fill the heap).
import { checkParams, formatFloat32, type NamedParams } from './tensors';
import { concatBytes } from './zip-write';

export interface TextExportInfo {
  runId: string;
  experiment: string;
  section: string;
  seed: number;
}

/** Characters gathered before a chunk is handed on. */
const CHUNK_CHARS = 256 * 1024;

function* encoded(text: Iterable<string>): Iterable<Uint8Array> {
  const encoder = new TextEncoder();
  let buffer = '';
  for (const s of text) {
    buffer += s;
    if (buffer.length >= CHUNK_CHARS) {
      yield encoder.encode(buffer);
      buffer = '';
    }
  }
  if (buffer.length > 0) yield encoder.encode(buffer);
}

/** A float32 as JSON prints it: the shortest decimal, NaN and ±Infinity as null. */
function jsonValue(x: number): string {
  return JSON.stringify(Number(formatFloat32(x)));
}

/** `values` of one tensor, as JSON.stringify(nested, null, 2) would lay it out at `indent` spaces. */
function* nestedValues(shape: readonly number[], data: ArrayLike<number>, indent: number): Iterable<string> {
  if (shape.length === 0) {
    yield jsonValue(data[0]!);
    return;
  }
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((n, x) => n * x, 1));
  function* level(dim: number, offset: number, pad: number): Iterable<string> {
    const n = shape[dim]!;
    if (n === 0) {
      yield '[]';
      return;
    }
    const inner = ' '.repeat(pad + 2);
    yield '[\n';
    for (let i = 0; i < n; i++) {
      yield inner;
      if (dim === shape.length - 1) yield jsonValue(data[offset + i]!);
      else yield* level(dim + 1, offset + i * strides[dim]!, pad + 2);
      yield i < n - 1 ? ',\n' : '\n';
    }
    yield `${' '.repeat(pad)}]`;
  }
  yield* level(0, 0, indent);
}

function indentJson(value: unknown, indent: number): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${' '.repeat(indent)}`);
}

/** The JSON export's text in pieces: exactly `JSON.stringify(doc, null, 2)` and a newline. */
function* jsonText(params: NamedParams, info: TextExportInfo): Iterable<string> {
  const entries = checkParams(params);
  const head = JSON.stringify({ format: 'd2l-workbench-params', version: 1, run: info, dtype: 'float32' }, null, 2);
  yield head.slice(0, -2); // without the closing "\n}"
  if (entries.length === 0) {
    yield ',\n  "params": {}\n}\n';
    return;
  }
  yield ',\n  "params": {';
  for (const [i, [name, t]] of entries.entries()) {
    yield `${i > 0 ? ',' : ''}\n    ${JSON.stringify(name)}: {\n      "shape": ${indentJson([...t.shape], 6)},\n      "values": `;
    yield* nestedValues(t.shape, t.data, 6);
    yield '\n    }';
  }
  yield '\n  }\n}\n';
}

export function jsonChunks(params: NamedParams, info: TextExportInfo): Iterable<Uint8Array> {
  return encoded(jsonText(params, info));
}

function indexOf(shape: readonly number[], flat: number): string {
  const idx: number[] = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx.length > 1 ? `"${idx.join(',')}"` : idx.join(',');
}

function* csvText(params: NamedParams): Iterable<string> {
  yield 'name,index,value\n';
  for (const [name, t] of checkParams(params)) {
    for (let i = 0; i < t.data.length; i++) yield `${name},${indexOf(t.shape, i)},${formatFloat32(t.data[i]!)}\n`;
  }
}

export function csvChunks(params: NamedParams): Iterable<Uint8Array> {
  return encoded(csvText(params));
}

export function encodeJson(params: NamedParams, info: TextExportInfo): Uint8Array {
  return concatBytes([...jsonChunks(params, info)]);
}

export function encodeCsv(params: NamedParams): Uint8Array {
  return concatBytes([...csvChunks(params)]);
}

/**
 * Fewest bytes each format can take for these tensors, known before anything is encoded: an
 * export that cannot fit its budget is refused at once, with the size (each value takes at least
 * one digit and a separator in JSON; CSV repeats the name on every row).
 */
export function textLowerBound(params: NamedParams, format: 'json' | 'csv'): number {
  let n = 0;
  // A CSV row is at least `name,0,0\n`: the name and five characters.
  for (const [name, t] of Object.entries(params)) n += t.data.length * (format === 'json' ? 2 : name.length + 5);
  return n;
}

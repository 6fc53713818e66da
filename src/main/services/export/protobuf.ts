// The few protobuf wire-format pieces ONNX needs: varints, length-delimited fields, fixed32
// floats. Messages are built bottom-up; a field is its length plus the pieces it is made of, and a
// piece may be lazy (a tensor's float bytes), so a model with a large initializer is never copied
// into one buffer per nesting level: its bytes are produced once, in chunks, as the file is written.

/** Bytes produced on demand, in chunks, with a known total length. */
export interface LazyBytes {
  readonly length: number;
  chunks(): Iterable<Uint8Array>;
}

export type Piece = Uint8Array | LazyBytes;

export interface Field {
  readonly length: number;
  readonly pieces: readonly Piece[];
}

function varint(value: number | bigint): number[] {
  // int64 fields: negative values take ten bytes in two's complement, as protobuf specifies.
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

function tag(field: number, wireType: 0 | 2 | 5): number[] {
  return varint((field << 3) | wireType);
}

function bytesOnly(bytes: Uint8Array): Field {
  return { length: bytes.length, pieces: [bytes] };
}

export function intField(field: number, value: number): Field {
  return bytesOnly(Uint8Array.from([...tag(field, 0), ...varint(value)]));
}

/** A length-delimited field holding `bytes`, which may be lazy. */
export function bytesField(field: number, bytes: Piece): Field {
  const head = Uint8Array.from([...tag(field, 2), ...varint(bytes.length)]);
  return { length: head.length + bytes.length, pieces: [head, bytes] };
}

export function stringField(field: number, value: string): Field {
  return bytesField(field, new TextEncoder().encode(value));
}

export function floatField(field: number, value: number): Field {
  const out = new Uint8Array([...tag(field, 5), 0, 0, 0, 0]);
  new DataView(out.buffer).setFloat32(out.length - 4, value, true);
  return bytesOnly(out);
}

/** The fields of a message, one after another (a message is its fields, unframed). */
export function messageParts(...fields: Field[]): Field {
  return { length: fields.reduce((n, f) => n + f.length, 0), pieces: fields.flatMap((f) => f.pieces) };
}

/** A nested message as field `field` of its parent. */
export function messageField(field: number, ...fields: Field[]): Field {
  const body = messageParts(...fields);
  const head = Uint8Array.from([...tag(field, 2), ...varint(body.length)]);
  return { length: head.length + body.length, pieces: [head, ...body.pieces] };
}

/** Every byte of a field, in order, in chunks (lazy pieces produce theirs now). */
export function* fieldChunks(f: Field): Iterable<Uint8Array> {
  for (const p of f.pieces) {
    if (p instanceof Uint8Array) yield p;
    else yield* p.chunks();
  }
}

/** A message as one buffer (small messages, tests). */
export function message(...fields: Field[]): Uint8Array {
  const all = messageParts(...fields);
  const out = new Uint8Array(all.length);
  let at = 0;
  for (const chunk of fieldChunks(all)) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

// The few protobuf wire-format pieces ONNX needs: varints, length-delimited fields, fixed32
// floats. Messages are built bottom-up as byte arrays, so nesting is just another bytes field.

export type Field = Uint8Array;

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

export function intField(field: number, value: number): Field {
  return Uint8Array.from([...tag(field, 0), ...varint(value)]);
}

export function bytesField(field: number, bytes: Uint8Array): Field {
  const head = [...tag(field, 2), ...varint(bytes.length)];
  const out = new Uint8Array(head.length + bytes.length);
  out.set(head, 0);
  out.set(bytes, head.length);
  return out;
}

export function stringField(field: number, value: string): Field {
  return bytesField(field, new TextEncoder().encode(value));
}

export function floatField(field: number, value: number): Field {
  const out = new Uint8Array([...tag(field, 5), 0, 0, 0, 0]);
  new DataView(out.buffer).setFloat32(out.length - 4, value, true);
  return out;
}

export function message(...fields: Field[]): Uint8Array {
  const out = new Uint8Array(fields.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of fields) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

export function messageField(field: number, ...fields: Field[]): Field {
  return bytesField(field, message(...fields));
}

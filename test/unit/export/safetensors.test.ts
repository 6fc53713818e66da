import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors } from '../../../src/main/services/export/safetensors';
import { findPython, runPython, tempDir, LINREG_PARAMS } from '../runs/helpers';

const tmp = tempDir('d2l-safetensors-');
afterAll(() => tmp.cleanup());

/** Builds a file from a hand-written header, to feed the decoder what a hostile writer could. */
function rawFile(header: unknown, data: Uint8Array = new Uint8Array(0), declared?: number): Uint8Array {
  const h = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declared ?? h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

describe('safetensors encoding', () => {
  it('lays out u64 LE header length, a space-padded JSON header and C-order float32 data', () => {
    const bytes = encodeSafetensors(
      { '0.weight': { shape: [2, 3], data: [1, 2, 3, 4, 5, 6] }, '0.bias': { shape: [2], data: [0.5, -0.5] } },
      { experiment: 'linreg-concise', section: '3.3', seed: '42' },
    );
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const headerText = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(headerText).toMatch(/^\{.*\} *$/);
    const header = JSON.parse(headerText) as Record<string, { dtype: string; shape: number[]; data_offsets: number[] }>;
    expect(header.__metadata__).toEqual({ experiment: 'linreg-concise', section: '3.3', seed: '42' });
    expect(header['0.weight']).toEqual({ dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] });
    expect(header['0.bias']).toEqual({ dtype: 'F32', shape: [2], data_offsets: [24, 32] });
    expect(bytes.length).toBe(8 + n + 32);
    expect(view.getFloat32(8 + n + 4 * 5, true)).toBe(6); // element [1][2] is the 6th in C order
    expect(view.getFloat32(8 + n + 24 + 4, true)).toBe(-0.5);
  });

  it('round-trips arbitrary tensors through its own strict decoder', () => {
    const tensorArb = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }).chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        data: fc.array(fc.float({ noNaN: true }), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) }),
      }),
    );
    const nameArb = fc.stringMatching(/^[a-z0-9][a-z0-9_.]{0,10}$/);
    fc.assert(
      fc.property(fc.dictionary(nameArb, tensorArb, { maxKeys: 5 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string({ maxLength: 20 }), { maxKeys: 3 }), (params, metadata) => {
        const decoded = decodeSafetensors(encodeSafetensors(params, metadata));
        expect(Object.keys(decoded.tensors).sort()).toEqual(Object.keys(params).sort());
        for (const [name, t] of Object.entries(params)) {
          expect(decoded.tensors[name]!.shape).toEqual(t.shape);
          expect(Array.from(decoded.tensors[name]!.data)).toEqual(t.data.map((x) => Math.fround(x)));
        }
        expect({ ...decoded.metadata }).toEqual(metadata);
      }),
      { numRuns: 200 },
    );
  });
});

describe('safetensors strict decoding (untrusted files)', () => {
  const four = new Uint8Array(4);
  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['too short', new Uint8Array(5), /too short/],
    ['header length past the end', rawFile({}, undefined, 1000), /header length 1000 exceeds/],
    ['header not JSON', rawFile('{"a": '), /not valid UTF-8 JSON/],
    ['header an array', rawFile('[1,2]'), /must be a JSON object/],
    ['dtype other than F32', rawFile({ w: { dtype: 'F64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /dtype "F64" is not supported/],
    ['size mismatch', rawFile({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, four), /needs 8 bytes/],
    ['overlap', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, four), /overlap/],
    ['gap', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)), /gap/],
    ['trailing bytes', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(8)), /cover 4 bytes but the data section has 8/],
    ['negative dims', rawFile({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, four), /shape must be/],
    ['unknown field', rawFile({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4], evil: 1 } }, four), /unknown field evil/],
    ['__proto__ tensor', rawFile('{"__proto__": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}', four), /not a state_dict key/],
    ['metadata not strings', rawFile({ __metadata__: { seed: 42 } }), /__metadata__.seed must be a string/],
  ];
  it.each(cases)('refuses %s', (_what, bytes, message) => {
    expect(() => decodeSafetensors(bytes)).toThrow(message);
  });

  it('refuses a file over the size cap before reading its header', () => {
    expect(() => decodeSafetensors(encodeSafetensors(LINREG_PARAMS), 16)).toThrow(/at most 16/);
  });
});

describe('safetensors read by other programs', () => {
  const file = join(tmp.dir, 'linreg.safetensors');
  writeFileSync(file, encodeSafetensors(LINREG_PARAMS, { experiment: 'linreg-concise', section: '3.3', seed: '42' }));
  // Parses the raw layout with struct + json + numpy: no safetensors package involved.
  const reader = `
import json, struct, sys
import numpy as np
raw = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n])
meta = header.pop('__metadata__')
out = {'meta': meta}
for name, t in header.items():
    b, e = t['data_offsets']
    a = np.frombuffer(raw[8 + n + b:8 + n + e], dtype='<f4').reshape(t['shape'])
    out[name] = {'dtype': t['dtype'], 'shape': list(a.shape), 'data': [float(x) for x in a.ravel()]}
print(json.dumps(out))
`;
  const numpyPython = findPython(['numpy'], ['python3', '/usr/bin/python3'], 'safetensors numpy read-back');
  it.skipIf(!numpyPython)('numpy reads the raw layout with exact values', () => {
    const out = JSON.parse(runPython(numpyPython!, reader, [file])) as Record<string, { shape: number[]; data: number[] }> & { meta: Record<string, string> };
    expect(out.meta).toEqual({ experiment: 'linreg-concise', section: '3.3', seed: '42' });
    expect(out['0.weight']).toEqual({ dtype: 'F32', shape: [1, 2], data: [Math.fround(1.9994), Math.fround(-3.3997)] });
    expect(out['0.bias']).toEqual({ dtype: 'F32', shape: [1], data: [Math.fround(4.1998)] });
  }, 120_000);

  const torchPython = findPython(['torch', 'numpy'], ['/usr/bin/python3'], 'safetensors torch load_state_dict');
  it.skipIf(!torchPython)('torch loads it into nn.Sequential(nn.Linear(2, 1)) with load_state_dict', () => {
    const script = `
import json, struct, sys
import numpy as np, torch
from torch import nn
raw = open(sys.argv[1], 'rb').read()
n = struct.unpack('<Q', raw[:8])[0]
header = json.loads(raw[8:8 + n]); header.pop('__metadata__', None)
state = {}
for name, t in header.items():
    b, e = t['data_offsets']
    state[name] = torch.from_numpy(np.frombuffer(raw[8 + n + b:8 + n + e], dtype='<f4').copy()).reshape(t['shape'])
net = nn.Sequential(nn.Linear(2, 1))
result = net.load_state_dict(state, strict=True)
y = net(torch.tensor([[1.0, 2.0]])).item()
print(json.dumps({'missing': result.missing_keys, 'unexpected': result.unexpected_keys, 'w': net[0].weight.flatten().tolist(), 'b': net[0].bias.tolist(), 'y': y}))
`;
    const out = JSON.parse(runPython(torchPython!, script, [file])) as { missing: string[]; unexpected: string[]; w: number[]; b: number[]; y: number };
    expect(out.missing).toEqual([]);
    expect(out.unexpected).toEqual([]);
    expect(out.w).toEqual([Math.fround(1.9994), Math.fround(-3.3997)]);
    expect(out.b).toEqual([Math.fround(4.1998)]);
    expect(out.y).toBeCloseTo(Math.fround(1.9994) - 2 * Math.fround(3.3997) + Math.fround(4.1998), 5);
  }, 120_000);
});

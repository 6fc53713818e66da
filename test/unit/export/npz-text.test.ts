import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { encodeNpy, encodeNpz } from '../../../src/main/services/export/npz';
import { encodeCsv, encodeJson } from '../../../src/main/services/export/text';
import { formatFloat32 } from '../../../src/main/services/export/tensors';
import { findPython, runPython, tempDir } from '../runs/helpers';

const tmp = tempDir('d2l-npz-');
afterAll(() => tmp.cleanup());

const PARAMS = {
  '0.weight': { shape: [2, 3], data: [0.1, -2.5, 3, 1e-8, 65504, -0] },
  '0.bias': { shape: [2], data: [0.25, 4.2] },
  w: { shape: [3, 1], data: [1, 2, 3] },
  s: { shape: [], data: [7.5] },
};

describe('NPY v1.0', () => {
  it('writes magic, version, a 64-byte aligned dict header ending in a newline, then <f4 data', () => {
    const npy = encodeNpy([2, 3], [1, 2, 3, 4, 5, 6]);
    expect(Array.from(npy.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    const headerLength = npy[8]! | (npy[9]! << 8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = new TextDecoder().decode(npy.subarray(10, 10 + headerLength));
    expect(header.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(header.endsWith('\n')).toBe(true);
    expect(new DataView(npy.buffer).getFloat32(10 + headerLength + 20, true)).toBe(6);
    expect(new TextDecoder().decode(encodeNpy([4], [0, 0, 0, 0]).subarray(10, 70))).toContain("'shape': (4,), }");
    expect(new TextDecoder().decode(encodeNpy([], [1]).subarray(10, 70))).toContain("'shape': (), }");
  });

  it('zips one <key>.npy per tensor', () => {
    expect(Object.keys(unzipSync(encodeNpz(PARAMS))).sort()).toEqual(['0.bias.npy', '0.weight.npy', 's.npy', 'w.npy']);
  });

  const python = findPython(['numpy'], ['python3', '/usr/bin/python3'], 'npz numpy.load');
  it.skipIf(!python)('numpy.load reads every array with exact float32 values', () => {
    const file = join(tmp.dir, 'params.npz');
    writeFileSync(file, encodeNpz(PARAMS));
    const script = `
import json, sys
import numpy as np
z = np.load(sys.argv[1])
print(json.dumps({k: {'dtype': str(z[k].dtype), 'shape': list(z[k].shape), 'c': bool(z[k].flags['C_CONTIGUOUS']), 'data': [float(x) for x in z[k].ravel()]} for k in z.files}))
`;
    const out = JSON.parse(runPython(python!, script, [file])) as Record<string, { dtype: string; shape: number[]; c: boolean; data: number[] }>;
    expect(Object.keys(out).sort()).toEqual(['0.bias', '0.weight', 's', 'w']);
    for (const [name, t] of Object.entries(PARAMS)) {
      expect(out[name]).toEqual({ dtype: 'float32', shape: t.shape, c: true, data: t.data.map((x) => Math.fround(x)) });
    }
  }, 120_000);
});

describe('json and csv', () => {
  it('prints the shortest decimal that reads back as the same float32', () => {
    expect(formatFloat32(0.1)).toBe('0.1');
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(-3.4)).toBe('-3.4');
    expect(formatFloat32(1e-8)).toBe('1e-8');
    for (const x of [Math.PI, 1 / 3, 123456.789, 2 ** -140]) expect(Math.fround(Number(formatFloat32(x)))).toBe(Math.fround(x));
  });

  it('json nests values by shape, like tensor.tolist()', () => {
    const doc = JSON.parse(new TextDecoder().decode(encodeJson(PARAMS, { runId: 'r1', experiment: 'linreg-concise', section: '3.3', seed: 42 }))) as {
      run: { runId: string; seed: number };
      dtype: string;
      params: Record<string, { shape: number[]; values: unknown }>;
    };
    expect(doc.run).toEqual({ runId: 'r1', experiment: 'linreg-concise', section: '3.3', seed: 42 });
    expect(doc.dtype).toBe('float32');
    expect(doc.params['0.weight']).toEqual({ shape: [2, 3], values: [[0.1, -2.5, 3], [1e-8, 65504, 0]] });
    expect(doc.params['0.bias']!.values).toEqual([0.25, 4.2]);
    expect(doc.params.w!.values).toEqual([[1], [2], [3]]);
    expect(doc.params.s!.values).toBe(7.5);
  });

  it('csv has one row per element: name, index (quoted "i,j" for 2-D), value', () => {
    const lines = new TextDecoder().decode(encodeCsv(PARAMS)).trimEnd().split('\n');
    expect(lines[0]).toBe('name,index,value');
    expect(lines.slice(1, 8)).toEqual([
      '0.weight,"0,0",0.1',
      '0.weight,"0,1",-2.5',
      '0.weight,"0,2",3',
      '0.weight,"1,0",1e-8',
      '0.weight,"1,1",65504',
      '0.weight,"1,2",0',
      '0.bias,0,0.25',
    ]);
    expect(lines).toContain('w,"2,0",3');
    expect(lines).toContain('s,,7.5');
    expect(lines).toHaveLength(1 + 6 + 2 + 3 + 1);
  });

  it('refuses a tensor whose data does not fill its shape, naming it', () => {
    expect(() => encodeCsv({ '0.weight': { shape: [2, 2], data: [1, 2, 3] } })).toThrow('parameter 0.weight: shape [2, 2] needs 4 values, got 3');
    expect(() => encodeNpz({ '../x': { shape: [1], data: [1] } })).toThrow(/not a state_dict key/);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { unzipSync } from 'fflate';
import { exportRun } from '../../../src/main/services/export/export-run';
import { decodeSafetensors } from '../../../src/main/services/export/safetensors';
import type { ExportFormat } from '../../../src/shared/runs';
import { LINREG_PARAMS, linregDraft, useTempRunStore } from '../runs/helpers';

const at = useTempRunStore('d2l-export-');
let id: string;
beforeEach(async () => {
  id = await at.store.save(linregDraft(), LINREG_PARAMS);
});

describe('exportRun', () => {
  it('writes each format to the named file', async () => {
    const sizes: Record<string, number> = {};
    for (const format of ['safetensors', 'npz', 'json', 'csv', 'onnx'] as ExportFormat[]) {
      const file = join(at.dir, `out.${format}`);
      const result = await exportRun(at.store, id, format, file);
      expect(result).toEqual({ file, format, bytes: readFileSync(file).length });
      sizes[format] = result.bytes;
    }
    const st = decodeSafetensors(readFileSync(join(at.dir, 'out.safetensors')));
    expect(st.metadata).toMatchObject({ experiment: 'linreg-concise', section: '3.3', seed: '42', run_id: id });
    expect(Object.keys(unzipSync(readFileSync(join(at.dir, 'out.npz')))).sort()).toEqual(['0.bias.npy', '0.weight.npy']);
    expect(readFileSync(join(at.dir, 'out.csv'), 'utf8')).toBe('name,index,value\n0.weight,"0,0",1.9994\n0.weight,"0,1",-3.3997\n0.bias,0,4.1998\n');
    expect(JSON.parse(readFileSync(join(at.dir, 'out.json'), 'utf8'))).toMatchObject({ run: { runId: id, seed: 42 }, params: { '0.bias': { shape: [1], values: [4.1998] } } });
    const session = await ort.InferenceSession.create(readFileSync(join(at.dir, 'out.onnx')));
    const y = (await session.run({ input: new ort.Tensor('float32', Float32Array.from([1, 2]), [1, 2]) })).output!.data as Float32Array;
    expect(y[0]).toBeCloseTo(1.9994 - 2 * 3.3997 + 4.1998, 5);
    expect(readdirSync(at.dir).sort()).toEqual(['data', 'out.csv', 'out.json', 'out.npz', 'out.onnx', 'out.safetensors']);
  });

  it('defaults to <dataDir>/exports/<id>.<ext>', async () => {
    const result = await exportRun(at.store, id, 'npz');
    expect(result.file).toBe(join(at.store.dataDir, 'exports', `${id}.npz`));
    expect(existsSync(result.file)).toBe(true);
  });

  it('refuses a run without parameters, an unknown format, an unknown run, an unwritable path — writing nothing', async () => {
    const bare = await at.store.save(linregDraft({ status: 'cancelled', epochs: [], stepLosses: [] }));
    const out = join(at.dir, 'out');
    mkdirSync(out);
    await expect(exportRun(at.store, bare, 'safetensors', join(out, 'x'))).rejects.toThrow(`run ${bare} has no saved parameters to export (status cancelled)`);
    await expect(exportRun(at.store, id, 'pickle' as ExportFormat, join(out, 'x'))).rejects.toThrow('unknown export format "pickle"; formats: safetensors, npz, json, csv, onnx');
    await expect(exportRun(at.store, '20990101-000000-000000', 'csv', join(out, 'x'))).rejects.toThrow(/no run "20990101-000000-000000"/);
    writeFileSync(join(out, 'file'), 'keep');
    await expect(exportRun(at.store, id, 'csv', join(out, 'file', 'x.csv'))).rejects.toThrow(/cannot write .*file\/x.csv: .*file is a file, not a folder$/);
    await expect(exportRun(at.store, id, 'csv', out)).rejects.toThrow(/cannot write (.*out): \1 is a folder$/);
    await expect(exportRun(at.store, id, 'csv', join(at.dir, 'missing', 'x.csv'))).rejects.toThrow(/cannot write .*missing\/x.csv: the folder .*missing does not exist$/);
    expect(readdirSync(out)).toEqual(['file']);
    expect(readFileSync(join(out, 'file'), 'utf8')).toBe('keep');
  });

  it('explains when a run has no graph for ONNX', async () => {
    const odd = await at.store.save(linregDraft(), { 'enc.conv.weight': { shape: [2, 2], data: [1, 2, 3, 4] } });
    await expect(exportRun(at.store, odd, 'onnx', join(at.dir, 'x.onnx'))).rejects.toThrow(/has no graph the ONNX exporter knows.*export it as safetensors, npz, json or csv/);
    expect(existsSync(join(at.dir, 'x.onnx'))).toBe(false);
  });
});

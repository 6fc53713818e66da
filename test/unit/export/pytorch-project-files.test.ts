// The PyTorch project folder without running Python: what is written, with which names and
// hyperparameters, and the export budget checked before anything is written.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultProjectDir, exportPytorchProject } from '../../../src/main/services/export/pytorch-project';
import { LINREG_PARAMS, linregDraft, useTempRunStore } from '../runs/helpers';

const at = useTempRunStore('d2l-pyproj-');
let id: string;
beforeEach(async () => {
  id = await at.store.save(linregDraft({ config: { experiment: 'linreg-concise', hyperparameters: { epochs: 3, lr: 0.05, batchSize: 10, samples: 200 }, seed: 7 } }), LINREG_PARAMS);
});

describe('exportPytorchProject', () => {
  it('writes run.py with the run\'s settings, the weights, the run\'s data and a README', async () => {
    const project = await exportPytorchProject(at.store, id);
    expect(project.dir).toBe(defaultProjectDir(at.store, id));
    expect(project.files.map((f) => f.name)).toEqual(['run.py', 'params.npz', 'data.npz', 'README.md']);
    for (const f of project.files) expect(readFileSync(join(project.dir, f.name)).length).toBe(f.bytes);
    expect(project.metric).toBe('loss');
    expect(project.command).toBe(`cd ${project.dir} && python3 run.py`);
    const script = readFileSync(join(project.dir, 'run.py'), 'utf8');
    expect(script).toContain('lr = 0.05  # lr\nbatch_size = 10  # batchSize\nnum_examples = 200  # samples\nseed = 7  # seed\n');
    expect(Object.keys(unzipSync(readFileSync(join(project.dir, 'params.npz')))).sort()).toEqual(['0.bias.npy', '0.weight.npy']);
    const data = unzipSync(readFileSync(join(project.dir, 'data.npz')));
    expect(Object.keys(data).sort()).toEqual(['features.npy', 'labels.npy']);
    // 200 × 2 float32 features after the 128-byte NPY header.
    expect(data['features.npy']!.length).toBe(128 + 200 * 2 * 4);
    expect(readFileSync(join(project.dir, 'README.md'), 'utf8')).toContain(`run ${id}`);
  });

  it('puts the dataset folder in the command when the workbench read Fashion-MNIST elsewhere (classifiers only)', async () => {
    const project = await exportPytorchProject(at.store, id, join(at.dir, 'out'), { fashionDir: '/data/my fashion' });
    expect(project.command).toBe(`cd ${join(at.dir, 'out')} && python3 run.py`);
  });

  it('refuses past the export budget before writing anything, naming the file, the size and the limit', async () => {
    const out = join(at.dir, 'too-big');
    await expect(exportPytorchProject(at.store, id, out, { limit: 8 })).rejects.toThrow(
      `the PyTorch export of run ${id} (params.npz) is more than 12 bytes; an export file may hold at most 8 bytes`,
    );
    expect(existsSync(out)).toBe(false);
    await expect(exportPytorchProject(at.store, id, out, { limit: 1000 })).rejects.toThrow(/\(data\.npz\) is more than 2\.3 KiB \(2400 bytes\)/);
    expect(existsSync(out)).toBe(false);
    await expect(exportPytorchProject(at.store, id, out, { limit: 3000 })).rejects.toThrow(/\(run\.py\) is more than .*; an export file may hold at most 2\.9 KiB \(3000 bytes\)/);
    expect(readdirSync(out)).toEqual([]);
  });
});

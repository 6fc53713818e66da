// Every catalog experiment declares its PyTorch program (programs/<id>.py), whose hyperparameters
// block names exactly the spec's hyperparameters and the seed, with the spec's defaults; the
// workbench writes a run's values there. (test/unit/export/pytorch-project.test.ts runs them.)
import { describe, expect, it } from 'vitest';
import { seedSpecOf } from '../../../src/shared/experiment-spec';
import { CATALOG } from '../../../src/main/experiments/catalog';
import { programAssignments, programFor, runScriptFor } from '../../../src/main/experiments/program';
import { experimentProgram } from '../../../src/main/handlers/experiments';
import { WorkbenchError } from '../../../src/shared/api';

describe('experiment programs', () => {
  it.each(CATALOG.experiments.map((e) => [e.spec.id, e] as const))('%s declares a program whose block matches its spec', (id, e) => {
    expect(e.program, `${id} has no program`).toBeTypeOf('string');
    const block = programAssignments(e.program!, id);
    const keys = block.map((a) => a.key);
    expect(keys.sort()).toEqual([...e.spec.hyperparameters.map((h) => h.key), 'seed'].sort());
    for (const a of block) {
      const spec = a.key === 'seed' ? seedSpecOf(e.spec) : e.spec.hyperparameters.find((h) => h.key === a.key)!;
      expect(Number(a.value), `${id}: ${a.name}`).toBe(spec.default);
    }
    expect(e.program).toMatch(new RegExp(`^EXPERIMENT = '${id}'$`, 'm'));
    expect(e.program).toMatch(/^METRIC = '(loss|test_acc|max_abs_error)'$/m);
    for (const fn of ['make_data', 'make_net', 'train', 'evaluate']) expect(e.program).toMatch(new RegExp(`^def ${fn}\\(`, 'm'));
  });

  it('writes a run\'s hyperparameters and seed into the block, nothing else', () => {
    const e = CATALOG.get('dropout')!;
    const p = programFor(e, { epochs: 3, lr: 0.25, dropout2: 0.125 }, 7);
    expect(p).toContain('num_epochs = 3  # epochs\nlr = 0.25  # lr\nbatch_size = 256  # batchSize\ndropout1 = 0.2  # dropout1\ndropout2 = 0.125  # dropout2\nseed = 7  # seed\n');
    expect(p.replace(/^.*  # \w+$/gm, '')).toBe(e.program!.replace(/^.*  # \w+$/gm, ''));
    const script = runScriptFor(e, {}, 1);
    expect(script).toMatch(/^# d2l-workbench: the book's program/);
    expect(script).toContain('def load_data_fashion_mnist(batch_size):');
    expect(script.trimEnd()).toMatch(/if __name__ == '__main__':\n {4}main\(sys\.argv\[1:\]\)$/);
  });

  it('is served by experiments.program, refusing unknown experiments and hyperparameters by name', () => {
    const r = experimentProgram(CATALOG, { experiment: 'linreg-concise', hyperparameters: { lr: 0.5 } });
    expect(r.program).toContain('lr = 0.5  # lr');
    expect(r.helpers).toContain('def load_array(');
    expect(r.commandLine).toContain('torch.multiprocessing.spawn');
    expect(() => experimentProgram(CATALOG, { experiment: 'nope' })).toThrow(WorkbenchError);
    expect(() => experimentProgram(CATALOG, { experiment: 'linreg-concise', hyperparameters: { features: 2 } }))
      .toThrow('linreg-concise has no hyperparameter "features"; it has epochs, lr, batchSize, samples');
  });

  it('refuses a malformed block naming the line', () => {
    expect(() => programAssignments('# [hyperparameters]\nlr=0.1\n# [/hyperparameters]\n', 'x')).toThrow('x line 2: expected "name = value  # key"');
    expect(() => programAssignments('lr = 0.1  # lr\n', 'x')).toThrow('x: no "# [hyperparameters]"');
  });
});

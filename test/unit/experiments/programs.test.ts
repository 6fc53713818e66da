// Every catalog experiment declares its PyTorch program (programs/<id>.py) with one
// `# [hyperparameters]` line, where the workbench writes the id and a run's values (the spec's
// defaults where absent) under the book's Python names. (test/unit/export/pytorch-project.test.ts runs them.)
import { describe, expect, it } from 'vitest';
import { seedSpecOf } from '../../../src/shared/experiment-spec';
import { CATALOG } from '../../../src/main/experiments/catalog';
import { programFor, pythonNameOf, runScriptFor } from '../../../src/main/experiments/program';
import { experimentProgram } from '../../../src/main/handlers/experiments';
import { WorkbenchError } from '../../../src/shared/api';

/** The `name = value  # key` lines of a written program's block, in order. */
function assignmentsOf(program: string): { name: string; value: string; key: string }[] {
  const block = /^# \[hyperparameters\].*\nEXPERIMENT = .*\n([^]*?)^# \[\/hyperparameters\]$/m.exec(program);
  expect(block, 'a hyperparameters block').not.toBeNull();
  return block![1]!.trimEnd().split('\n').map((line) => {
    const m = /^([A-Za-z_]\w*) = (\S+)  # (\w+)$/.exec(line);
    expect(m, line).not.toBeNull();
    return { name: m![1]!, value: m![2]!, key: m![3]! };
  });
}

describe('experiment programs', () => {
  it.each(CATALOG.experiments.map((e) => [e.spec.id, e] as const))('%s declares a program the workbench writes its spec into', (id, e) => {
    expect(e.program, `${id} has no program`).toBeTypeOf('string');
    expect(e.program!.split('\n').filter((l) => l === '# [hyperparameters]')).toHaveLength(1);
    expect(e.program, 'the id and the defaults come from the spec').not.toMatch(/^EXPERIMENT = /m);
    const p = programFor(e);
    const block = assignmentsOf(p);
    expect(block.map((a) => a.key)).toEqual([...e.spec.hyperparameters.map((h) => h.key), 'seed']);
    for (const a of block) {
      const spec = a.key === 'seed' ? seedSpecOf(e.spec) : e.spec.hyperparameters.find((h) => h.key === a.key)!;
      expect(Number(a.value), `${id}: ${a.name}`).toBe(spec.default);
      // A hyperparameter the program never reads would be a knob that does nothing in PyTorch
      // (the seed is read by the command line's set-up, programs/main.py).
      if (a.key !== 'seed') expect(e.program, `${id} never reads ${a.name}`).toMatch(new RegExp(`\\b${a.name}\\b`));
    }
    expect(p).toMatch(new RegExp(`^EXPERIMENT = '${id}'$`, 'm'));
    expect(p).toMatch(/^METRIC = '(loss|test_acc|max_abs_error)'$/m);
    for (const fn of ['make_data', 'make_net', 'train', 'evaluate']) expect(p).toMatch(new RegExp(`^def ${fn}\\(`, 'm'));
  });

  it('writes a run\'s hyperparameters and seed into the block, nothing else', () => {
    const e = CATALOG.get('dropout')!;
    const p = programFor(e, { epochs: 3, lr: 0.25, dropout2: 0.125 }, 7);
    expect(p).toContain('num_epochs = 3  # epochs\nlr = 0.25  # lr\nbatch_size = 256  # batchSize\ndropout1 = 0.2  # dropout1\ndropout2 = 0.125  # dropout2\nseed = 7  # seed\n');
    expect(p.replace(/^# \[hyperparameters\][^]*?# \[\/hyperparameters\]$/m, '# [hyperparameters]')).toBe(e.program);
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

  it('spells a key\'s Python name as the book does', () => {
    expect(['epochs', 'samples', 'lambda', 'batchSize', 'kernelHeight', 'lr'].map(pythonNameOf))
      .toEqual(['num_epochs', 'num_examples', 'lambd', 'batch_size', 'kernel_height', 'lr']);
  });

  it('refuses a program without exactly one hyperparameters line, naming the experiment', () => {
    const e = CATALOG.get('dropout')!;
    expect(() => programFor({ ...e, program: 'x = 1\n' })).toThrow('dropout: the program needs exactly one "# [hyperparameters]" line');
    expect(() => programFor({ ...e, program: '# [hyperparameters]\n# [hyperparameters]\n' })).toThrow('exactly one');
  });
});

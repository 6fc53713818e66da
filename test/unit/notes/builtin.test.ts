// The built-in notes are content, but content with rules: every formula must parse, every run card
// must name a catalog experiment with in-range settings, and the two languages must match.
import { describe, expect, it } from 'vitest';
import { checkHyperparameter } from '../../../src/shared/experiment-spec';
import { findExperiment } from '../helpers/catalog';
import { loadBuiltinNotes } from '../../../src/main/services/notes/builtin';
import { parseHyperparameters } from '../../../src/renderer/src/notes/markdown/fences';
import { renderNote } from '../../../src/renderer/src/notes/markdown/render';

const notes = loadBuiltinNotes();

function shape(html: string): { tabSets: number; tabs: number; charts: number; runs: string[] } {
  return {
    tabSets: (html.match(/role="tablist"/g) ?? []).length,
    tabs: (html.match(/role="tab"/g) ?? []).length,
    charts: (html.match(/class="nb-chart"/g) ?? []).length,
    runs: [...html.matchAll(/data-experiment="([^"]+)" data-hyperparameters="([^"]*)"/g)].map((m) => `${m[1]} ${m[2]}`),
  };
}

describe('built-in notes', () => {
  it('cover the sections the issue asks for, each in zh and en', () => {
    expect(notes.map((n) => n.id)).toEqual([
      'd2l-0-install', 'd2l-1-3-ml-problems',
      'd2l-2-1-data-manipulation', 'd2l-2-2-data-preprocessing', 'd2l-2-3-linear-algebra', 'd2l-2-4-calculus',
      'd2l-2-5-autograd', 'd2l-2-7-documentation',
      'd2l-3-1-linreg', 'd2l-3-2-linreg-scratch', 'd2l-3-3-linreg-concise', 'd2l-3-4-softmax-regression',
      'd2l-3-5-fashion-mnist', 'd2l-3-6-softmax-scratch', 'd2l-3-7-softmax-concise',
      'd2l-4-1-mlp', 'd2l-4-2-mlp-scratch', 'd2l-4-3-mlp-concise',
      'd2l-4-4-model-selection', 'd2l-4-5-weight-decay', 'd2l-4-6-dropout', 'd2l-4-7-forward-backward', 'd2l-4-8-numerical-stability',
      'd2l-5-1-layers-modules', 'd2l-5-2-parameters', 'd2l-5-3-deferred-init', 'd2l-5-4-custom-layers', 'd2l-5-5-read-write',
      'd2l-6-1-from-dense-to-conv', 'd2l-6-2-conv-layer', 'd2l-6-3-padding-stride', 'd2l-6-4-channels', 'd2l-6-5-pooling',
      'd2l-6-6-lenet',
    ]);
    for (const n of notes) expect(Object.keys(n.text).sort(), n.id).toEqual(['en', 'zh']);
  });

  it.each(notes.map((n) => [n.id, n] as const))('%s renders cleanly and both languages have the same structure', (_id, note) => {
    const zh = renderNote(note.text.zh!).html;
    const en = renderNote(note.text.en!).html;
    for (const html of [zh, en]) {
      expect(html).not.toContain('katex-error');
      expect(html).not.toContain('nb-problem');
    }
    expect(shape(zh)).toEqual(shape(en));
  });

  it('run cards name catalog experiments with settings in range', () => {
    let cards = 0;
    for (const note of notes) {
      for (const [, exp, hp] of renderNote(note.text.en!).html.matchAll(/data-experiment="([^"]+)" data-hyperparameters="([^"]*)"/g)) {
        const spec = findExperiment(exp!);
        expect(spec, `${note.id}: ${exp}`).toBeDefined();
        for (const [key, value] of Object.entries(parseHyperparameters(hp!))) {
          const hpSpec = spec!.hyperparameters.find((h) => h.key === key);
          expect(hpSpec, `${note.id}: ${exp} has no hyperparameter ${key}`).toBeDefined();
          expect(checkHyperparameter(hpSpec!, value)).toBeNull();
        }
        cards++;
      }
    }
    expect(cards).toBe(30);
  });

  it('the 3.1 note draws the normal distributions and the code notes show PyTorch beside the engine', () => {
    const by = (id: string) => shape(renderNote(notes.find((n) => n.id === id)!.text.zh!).html);
    expect(by('d2l-3-1-linreg').charts).toBe(1);
    const withCode = [
      'd2l-0-install', 'd2l-2-1-data-manipulation', 'd2l-2-2-data-preprocessing', 'd2l-2-3-linear-algebra', 'd2l-2-4-calculus',
      'd2l-2-5-autograd', 'd2l-2-7-documentation', 'd2l-3-1-linreg', 'd2l-3-2-linreg-scratch', 'd2l-3-3-linreg-concise',
      'd2l-3-4-softmax-regression', 'd2l-3-5-fashion-mnist', 'd2l-3-6-softmax-scratch', 'd2l-3-7-softmax-concise',
      'd2l-4-1-mlp', 'd2l-4-2-mlp-scratch', 'd2l-4-3-mlp-concise', 'd2l-4-4-model-selection', 'd2l-4-5-weight-decay',
      'd2l-4-6-dropout', 'd2l-4-7-forward-backward', 'd2l-4-8-numerical-stability',
      'd2l-5-1-layers-modules', 'd2l-5-2-parameters', 'd2l-5-3-deferred-init', 'd2l-5-4-custom-layers', 'd2l-5-5-read-write',
      'd2l-6-2-conv-layer', 'd2l-6-3-padding-stride', 'd2l-6-4-channels', 'd2l-6-5-pooling', 'd2l-6-6-lenet',
    ];
    for (const id of withCode) {
      const s = by(id);
      expect(s.tabSets, id).toBeGreaterThan(0);
      expect(s.tabs, id).toBe(2 * s.tabSets);
    }
  });

  it('chapter 2 has live engine snippets in every section, and 4.8 demonstrates vanishing sigmoid gradients', () => {
    const demosOf = (id: string) => [...notes.find((n) => n.id === id)!.text.en!.matchAll(/^```demo (\S+)$/gm)].map((m) => m[1]);
    for (const id of ['d2l-2-1-data-manipulation', 'd2l-2-2-data-preprocessing', 'd2l-2-3-linear-algebra', 'd2l-2-4-calculus', 'd2l-2-5-autograd']) {
      expect(demosOf(id).length, id).toBeGreaterThanOrEqual(2);
      expect(demosOf(id).length, id).toBeLessThanOrEqual(4);
    }
    expect(demosOf('d2l-4-8-numerical-stability')).toEqual(expect.arrayContaining(['4-8-sigmoid-gradient', '4-8-deep-stack']));
  });
});

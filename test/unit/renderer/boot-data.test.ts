// The renderer's side of web mode's boot data (issue 15): it uses a valid embedded experiment list
// and ignores, with a console warning, anything else, so the app falls back to asking the server.
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as v from 'valibot';
import { bootExperiments } from '../../../src/renderer/src/lib/boot-data';
import { BOOT_DATA_ID, bootDataElement } from '../../../src/shared/boot-data';
import { experimentListSchema } from '../../../src/shared/experiment-spec-schema';
import { EXPERIMENTS } from '../helpers/catalog';

/** A document holding one element as a browser would parse it. */
function pageWith(el: { tag?: string; type?: string | null; text: string } | null): Pick<Document, 'getElementById'> {
  return {
    getElementById: (id: string) => (el && id === BOOT_DATA_ID
      ? ({ tagName: el.tag ?? 'SCRIPT', getAttribute: (name: string) => (name === 'type' ? (el.type === undefined ? 'application/json' : el.type) : null), textContent: el.text } as unknown as HTMLElement)
      : null),
  };
}

/** The element's text, as the server writes it (shared/boot-data.ts). */
const served = (experiments: unknown): string => bootDataElement({ experiments } as never).replace(/^<script[^>]*>/, '').replace(/<\/script>$/, '');

describe('bootExperiments', () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  afterEach(() => warn.mockClear());

  it('every experiment of the catalog passes the schema the reply and the boot data are checked with', () => {
    expect(v.parse(experimentListSchema, structuredClone(EXPERIMENTS))).toEqual(EXPERIMENTS);
  });

  it('returns the embedded list as the server wrote it', () => {
    expect(bootExperiments(pageWith({ text: served(EXPERIMENTS) }))).toEqual(EXPERIMENTS);
    expect(warn).not.toHaveBeenCalled();
  });

  it('is undefined without the element (the Electron app) or without a document, silently', () => {
    expect(bootExperiments(pageWith(null))).toBeUndefined();
    expect(bootExperiments(undefined)).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['not JSON', { text: '{"experiments": [' }, /not JSON/],
    ['an executable script', { type: 'module', text: served(EXPERIMENTS) }, /not a <script type="application\/json">/],
    ['another element', { tag: 'DIV', text: served(EXPERIMENTS) }, /not a <script/],
    ['no list', { text: '{}' }, /boot data ignored/],
    ['an unknown plot kind', { text: served([{ ...EXPERIMENTS[0]!, plots: ['scatter', 'iframe'] }]) }, /boot data ignored/],
    ['a range that is not a number', { text: served([{ ...EXPERIMENTS[0]!, hyperparameters: [{ ...EXPERIMENTS[0]!.hyperparameters[0]!, max: '1e9' }] }]) }, /boot data ignored/],
    ['an extra key', { text: served([{ ...EXPERIMENTS[0]!, __proto__x: 1 }]) }, /boot data ignored/],
    ['a hostile id', { text: served([{ ...EXPERIMENTS[0]!, id: '../../x' }]) }, /boot data ignored/],
    ['a default outside its range', { text: served([{ ...EXPERIMENTS[0]!, hyperparameters: [{ ...EXPERIMENTS[0]!.hyperparameters[0]!, default: EXPERIMENTS[0]!.hyperparameters[0]!.max + 1 }] }]) }, /default lies within its range/],
    ['a training-set size naming no hyperparameter', { text: served([{ ...EXPERIMENTS[0]!, trainingSetSize: { hyperparameter: 'sample' } }]) }, /names one of the experiment's own/],
    ['a huge list', { text: JSON.stringify({ experiments: Array.from({ length: 1001 }, () => EXPERIMENTS[0]) }) }, /at most 1000/],
  ])('ignores %s and says so on the console', (_what, el, said) => {
    expect(bootExperiments(pageWith(el))).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(said);
  });
});

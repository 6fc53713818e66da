// notes.demo and notes.runDemo: the card's code is the part between the markers, and a run on the
// engine in the main process prints what the snippet prints.
import { describe, expect, it } from 'vitest';
import { createNotesHandlers } from '../../../src/main/handlers/notes';
import { demoExcerpt, demoIds } from '../../../src/main/services/notes/demos';
import { tmpdir } from 'node:os';

const handlers = createNotesHandlers({ dataDir: tmpdir() });

describe('live snippet requests', () => {
  it('bundle every snippet file', () => {
    expect(demoIds()).toContain('4-8-sigmoid-gradient');
    expect(demoIds()).not.toContain('print');
    expect(demoIds().length).toBeGreaterThanOrEqual(20);
  });

  it('show the lines between the markers, dedented', async () => {
    const d = await handlers['notes.demo']({ id: '4-8-sigmoid-gradient' });
    expect(d.code.split('\n')[0]).toBe('const x = linspace(-8, 8, 9).requiresGrad_();');
    expect(d.code).not.toContain('demo:start');
    expect(d.code).toContain('\n  print(`x = ');
    expect(demoExcerpt('a\n    // demo:start\n    x\n      y\n    // demo:end\n')).toBe('x\n  y');
  });

  it('run on the engine and return the printed lines', async () => {
    const r = await handlers['notes.runDemo']({ id: '4-8-sigmoid-gradient' });
    expect(r.error).toBeUndefined();
    expect(r.lines).toHaveLength(10);
    expect(r.lines[4]).toBe("x =  0   sigmoid'(x) = 2.50e-1");
    expect(r.lines[9]).toBe('0.25^10 = 9.54e-7');
  });

  it('name an unknown snippet', async () => {
    await expect(Promise.resolve().then(() => handlers['notes.runDemo']({ id: 'no-such-demo' }))).rejects.toThrow('no live snippet "no-such-demo"');
  });
});

import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError, expectPositionals } from '../../../src/main/cli/args';

const specs = {
  epochs: { kind: 'int', min: 1, max: 1000 },
  lr: { kind: 'float', min: 0, max: 1000, minExclusive: true },
  backend: { kind: 'string', allowed: ['auto', 'native', 'ts'] },
  save: { kind: 'boolean' },
  json: { kind: 'boolean' },
} as const;

describe('parseArgs', () => {
  it('reads values in both spellings, booleans and negations', () => {
    const p = parseArgs(['linreg', '--epochs', '5', '--lr=0.1', '--json', '--no-save', '--backend', 'ts'], specs);
    expect(p.positionals).toEqual(['linreg']);
    expect(p.flags).toEqual({ epochs: 5, lr: 0.1, json: true, save: false, backend: 'ts' });
  });

  it.each([
    [['--epochs', '0'], '--epochs must be ≥ 1 and ≤ 1000, got 0'],
    [['--epochs', '2.5'], '--epochs must be a whole number ≥ 1 and ≤ 1000, got "2.5"'],
    [['--epochs', 'abc'], '--epochs must be a whole number ≥ 1 and ≤ 1000, got "abc"'],
    [['--lr', '0'], '--lr must be > 0 and ≤ 1000, got 0'],
    [['--lr', '-1'], '--lr must be > 0 and ≤ 1000, got -1'],
    [['--lr', 'NaN'], '--lr must be a number > 0 and ≤ 1000, got "NaN"'],
    [['--backend', 'gpu'], '--backend must be one of auto, native, ts; got "gpu"'],
    [['--epochs'], '--epochs needs a value (a whole number from 1 to 1000)'],
    [['--json=1'], '--json takes no value, got "1"'],
  ])('refuses %j with a message naming the flag and the range', (argv, message) => {
    expect(() => parseArgs(argv, specs)).toThrow(new UsageError(message));
  });

  it('names unknown options and lists the known ones', () => {
    expect(() => parseArgs(['--epoch', '3'], specs)).toThrow(/unknown option --epoch; did you mean --epochs\?; known: --epochs, --lr/);
    expect(() => parseArgs(['-x'], specs)).toThrow(/unknown option -x/);
  });

  it('keeps negative numbers as values and checks positional counts', () => {
    expect(() => parseArgs(['--lr', '-0.5'], specs)).toThrow(/--lr must be > 0/);
    const p = parseArgs(['a', 'b'], specs);
    expect(() => expectPositionals(p, 0, 1, 'cmd [x]')).toThrow('unexpected argument "b"; usage: cmd [x]');
    expect(() => expectPositionals(parseArgs([], specs), 1, 1, 'cmd X')).toThrow('missing argument; usage: cmd X');
  });
});

import { describe, expect, it } from 'vitest';
import { quoteArg, terminalCommand } from '../../../src/shared/terminal-command';

describe('terminal commands', () => {
  it('leaves plain words bare and quotes the rest for the shell it is meant for', () => {
    expect(quoteArg('--lr', 'posix')).toBe('--lr');
    expect(quoteArg('/home/me/d2l-workbench', 'posix')).toBe('/home/me/d2l-workbench');
    expect(quoteArg('/home/me/My Notes', 'posix')).toBe(`'/home/me/My Notes'`);
    expect(quoteArg(`it's`, 'posix')).toBe(`'it'\\''s'`);
    expect(quoteArg('~user', 'posix')).toBe(`'~user'`);
    expect(quoteArg('', 'posix')).toBe(`''`);
    expect(quoteArg('C:\\Users\\Me\\d2l workbench', 'cmd')).toBe('"C:\\Users\\Me\\d2l workbench"');
  });

  it('runs npx from the folder where it finds the package, with the app\'s data folder', () => {
    const inv = { command: 'npx d2l-workbench', cwd: '/home/me/src/d2l-workbench', dataDir: '/tmp/data dir', shell: 'posix' as const };
    expect(terminalCommand(inv, ['train', 'linreg-concise', '--lr', '0.1'], { dataDirFlag: true })).toBe(
      `cd /home/me/src/d2l-workbench && npx d2l-workbench train linreg-concise --lr 0.1 --data-dir '/tmp/data dir'`,
    );
    expect(terminalCommand(inv, ['experiments'])).toBe('cd /home/me/src/d2l-workbench && npx d2l-workbench experiments');
    expect(terminalCommand({ command: 'd2l-workbench', shell: 'posix' }, ['train', 'polyfit'], { dataDirFlag: true })).toBe('d2l-workbench train polyfit');
    expect(terminalCommand({ command: 'npx d2l-workbench', cwd: 'C:\\Users\\Me\\proj', shell: 'cmd' }, ['train', 'polyfit'])).toBe(
      'cd /d C:\\Users\\Me\\proj && npx d2l-workbench train polyfit',
    );
  });
});

// The security lint rules (eslint.config.js): the tree passes them, and each rule fires on the
// thing it exists to stop. Linting planted text with a path decides which block of the config
// applies, so no file is written into src/.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: ROOT });

async function lint(filePath: string, text: string): Promise<Array<{ line: number; rule: string | null; message: string }>> {
  const [result] = await eslint.lintText(text, { filePath: resolve(ROOT, filePath) });
  return result!.messages.map((m) => ({ line: m.line, rule: m.ruleId, message: m.message }));
}

describe('eslint security rules', () => {
  it('pass on the whole of src/', async () => {
    const results = await eslint.lintFiles(['src']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`));
    expect(problems).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  }, 300_000);

  it('forbid Electron and Node built-ins in the renderer, however they are imported', async () => {
    const found = await lint(
      'src/renderer/src/lib/planted.ts',
      [
        "import { readFileSync } from 'node:fs';",
        "import path from 'path';",
        "import { ipcRenderer } from 'electron';",
        "import { createHandlers } from '../../../main/handlers';",
        "const os = require('os');",
        "void import('node:child_process');",
        "import { WorkbenchError } from '../../../shared/api';",
      ].join('\n'),
    );
    expect(found.map((f) => [f.line, f.rule])).toEqual([
      [1, 'no-restricted-imports'],
      [2, 'no-restricted-imports'],
      [3, 'no-restricted-imports'],
      [4, 'no-restricted-imports'],
      [5, 'no-restricted-syntax'],
      [6, 'no-restricted-syntax'],
    ]);
  });

  it('allow Node built-ins in the main process', async () => {
    expect(await lint('src/main/planted.ts', "import { readFile } from 'node:fs/promises';\nexport { readFile };")).toEqual([]);
  });

  it('forbid raw ipcMain listeners outside src/main/electron/ipc.ts', async () => {
    const text = "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\nipcMain.on('y', () => 1);\nipcMain.once('z', () => 1);";
    expect((await lint('src/main/planted.ts', text)).map((f) => [f.line, f.rule])).toEqual([
      [2, 'no-restricted-syntax'],
      [3, 'no-restricted-syntax'],
      [4, 'no-restricted-syntax'],
    ]);
    expect(await lint('src/main/electron/ipc.ts', text)).toEqual([]);
  });

  it.each([
    ['webSecurity: false', 'src/main/planted.ts'],
    ['nodeIntegration: true', 'src/main/electron/planted.ts'],
    ['sandbox: false', 'src/preload/planted.ts'],
    ['contextIsolation: false', 'src/main/electron/ipc.ts'],
    ['allowRunningInsecureContent: true', 'src/renderer/src/planted.ts'],
  ])('forbid %s anywhere in src/ (%s)', async (option, file) => {
    const found = await lint(file, `export const options = { webPreferences: { ${option} } };`);
    expect(found).toEqual([expect.objectContaining({ rule: 'no-restricted-syntax', message: expect.stringContaining(option.split(':')[0]!) })]);
  });

  it('leave the safe values alone', async () => {
    const text = 'export const o = { webSecurity: true, nodeIntegration: false, sandbox: true, contextIsolation: true, allowRunningInsecureContent: false };';
    expect(await lint('src/main/planted.ts', text)).toEqual([]);
  });
});

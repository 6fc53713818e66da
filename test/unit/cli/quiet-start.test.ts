// Quiet by default (issue 14 item 13): the build's output is shown only when it fails, and `serve`
// logs requests only with --verbose.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRoutineLogLine, serveLog } from '../../../src/main/web/quiet-log';
// @ts-expect-error: a plain .mjs script without types
import { runQuiet } from '../../../scripts/quiet-run.mjs';

type Quiet = (command: string, args: string[], options?: { echo?: boolean }) => Promise<{ code: number | null; output: string }>;
const quiet = runQuiet as Quiet;

afterEach(() => vi.restoreAllMocks());

describe('serve log', () => {
  it('drops routine requests and connections unless verbose, keeps refusals and failures', () => {
    const lines = [
      'GET /assets/index-abc.js 200',
      'GET / 304',
      'websocket connected',
      'GET /nope 404',
      'POST / 405',
      'websocket refused (403): bad token',
      'static file error: EACCES',
    ];
    const quietLines: string[] = [];
    const log = serveLog((l) => quietLines.push(l), false);
    for (const l of lines) log(l);
    expect(quietLines).toEqual(['GET /nope 404', 'POST / 405', 'websocket refused (403): bad token', 'static file error: EACCES']);
    const all: string[] = [];
    const verbose = serveLog((l) => all.push(l), true);
    for (const l of lines) verbose(l);
    expect(all).toEqual(lines);
    expect(isRoutineLogLine('GET /x 200 extra')).toBe(false);
  });
});

describe('quiet build step', () => {
  const script = (code: number) => `for (let i = 0; i < 90; i++) console.log('out/renderer/assets/chunk-' + i + '.js  12 kB'); console.error('warn'); process.exit(${code});`;

  it('prints nothing when the step works, and keeps all of its output for when it fails', async () => {
    const written = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const ok = await quiet(process.execPath, ['-e', script(0)]);
    expect(ok.code).toBe(0);
    expect(written).not.toHaveBeenCalled();
    written.mockRestore();
    const failed = await quiet(process.execPath, ['-e', script(3)]);
    expect(failed.code).toBe(3);
    expect(failed.output.split('\n').filter((l) => l.startsWith('out/renderer/assets/'))).toHaveLength(90);
    expect(failed.output).toContain('warn');
  });

  it('streams the output as well when verbose', async () => {
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    await quiet(process.execPath, ['-e', script(0)], { echo: true });
    expect(written.join('')).toContain('chunk-89.js');
  });
});

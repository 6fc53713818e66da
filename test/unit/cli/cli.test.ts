import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli/main';
import { VERSION } from '../../../src/main/version';
import { capturedIo } from '../helpers/cli-io';

describe('d2l-workbench CLI', () => {
  it('prints help and version', async () => {
    const io = capturedIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.stdout).toContain('d2l-workbench serve [--port N]');
    const v = capturedIo();
    expect(await runCli(['--version'], v)).toBe(0);
    expect(v.stdout).toBe(`${VERSION}\n`);
  });

  it('refuses an unknown command with exit code 2 and one line', async () => {
    const io = capturedIo();
    expect(await runCli(['trian'], io)).toBe(2);
    expect(io.stderr.trim().split('\n')).toHaveLength(1);
    expect(io.stderr).toMatch(/unknown command "trian"; did you mean train\?; commands: experiments, serve/);
  });

  it('lists experiments for people and for machines', async () => {
    const io = capturedIo();
    expect(await runCli(['experiments'], io)).toBe(0);
    expect(io.stdout).toMatch(/linreg-concise\s+3\.3/);
    expect(io.stdout).toMatch(/--lr\s+default 0\.03/);
    const j = capturedIo();
    expect(await runCli(['experiments', '--json'], j)).toBe(0);
    const parsed = JSON.parse(j.stdout) as { experiments: Array<{ id: string }> };
    expect(parsed.experiments.map((e) => e.id)).toContain('polyfit');
  });

  it('names a bad flag and its range, exit code 2', async () => {
    const io = capturedIo();
    expect(await runCli(['serve', '--port', '70000'], io)).toBe(2);
    expect(io.stderr).toBe('d2l-workbench serve: --port must be ≥ 0 and ≤ 65535, got 70000\n');
    const e = capturedIo();
    expect(await runCli(['experiments', '--jsn'], e)).toBe(2);
    expect(e.stderr).toMatch(/unknown option --jsn; did you mean --json\?; known: --json/);
  });
});

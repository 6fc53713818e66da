import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appPaths, electronDataDir } from '../../../src/main/electron/paths';
import { defaultDataDir } from '../../../src/main/data-dir';

describe('appPaths', () => {
  it('finds the CommonJS preload and the renderer next to out/main', () => {
    const paths = appPaths(pathToFileURL('/opt/d2l/out/main/index.js').href);
    expect(paths.preload).toBe(join('/opt/d2l/out/preload/index.cjs'));
    expect(paths.rendererRoot).toBe(join('/opt/d2l/out/renderer'));
  });
});

describe('electronDataDir', () => {
  it("uses Electron's userData by default", () => {
    expect(electronDataDir({}, '/home/u/.config/d2l-workbench')).toBe('/home/u/.config/d2l-workbench');
  });

  it('honours D2L_WORKBENCH_DATA like the CLI does', () => {
    const env = { D2L_WORKBENCH_DATA: 'rel/data' };
    expect(electronDataDir(env, '/home/u/.config/d2l-workbench')).toBe(resolve('rel/data'));
    expect(electronDataDir(env, '/ignored')).toBe(defaultDataDir(env));
  });

  it("matches data-dir.ts's Linux default for app name d2l-workbench", () => {
    const userData = join('/home/u', '.config', 'd2l-workbench');
    expect(defaultDataDir({}, 'linux', '/home/u')).toBe(electronDataDir({}, userData));
  });
});

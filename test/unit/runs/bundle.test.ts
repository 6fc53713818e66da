import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { RunStore } from '../../../src/main/services/runs/store';
import { LINREG_PARAMS, linregDraft, tempDir } from './helpers';

let tmp: ReturnType<typeof tempDir>;
let home: RunStore;
let other: RunStore;
beforeEach(() => {
  tmp = tempDir('d2l-bundle-');
  home = new RunStore(join(tmp.dir, 'home'));
  other = new RunStore(join(tmp.dir, 'other'));
});
afterEach(() => tmp.cleanup());

async function bundled(): Promise<{ id: string; file: string; entries: Record<string, Uint8Array> }> {
  const id = await home.save(linregDraft({ title: 'shared' }), LINREG_PARAMS);
  const file = join(tmp.dir, `${id}.d2lrun`);
  await home.bundle(id, file);
  return { id, file, entries: unzipSync(readFileSync(file)) };
}

describe('.d2lrun bundles', () => {
  it('are a zip of run.json and params.safetensors that imports elsewhere under the same id', async () => {
    const { id, file, entries } = await bundled();
    expect(Object.keys(entries).sort()).toEqual(['params.safetensors', 'run.json']);
    expect(await other.importBundle(file)).toEqual({ id, duplicate: false });
    expect(await other.get(id)).toEqual(await home.get(id));
    expect(Array.from((await other.getParams(id)).tensors['0.bias']!.data)).toEqual([Math.fround(4.1998)]);
  });

  it('are not duplicated when the same bundle is opened twice, even after a rename', async () => {
    const { id, file } = await bundled();
    expect(await home.importBundle(file)).toEqual({ id, duplicate: true });
    await other.importBundle(file);
    await other.update(id, { title: 'renamed here', pinned: true });
    expect(await other.importBundle(file)).toEqual({ id, duplicate: true });
    expect((await other.list()).runs).toHaveLength(1);
  });

  it('get a new id when a different run here already has theirs, and are still not duplicated', async () => {
    const { id, file } = await bundled();
    await other.save(linregDraft({ id, experiment: 'polyfit', section: '4.4' }));
    const first = await other.importBundle(file);
    expect(first.duplicate).toBe(false);
    expect(first.id).not.toBe(id);
    expect((await other.get(first.id)).title).toBe('shared');
    expect(await other.importBundle(file)).toEqual({ id: first.id, duplicate: true });
    expect((await other.list()).runs).toHaveLength(2);
  });

  it('writes the bundle atomically and names an unwritable target', async () => {
    const id = await home.save(linregDraft(), LINREG_PARAMS);
    writeFileSync(join(tmp.dir, 'not-a-dir'), '');
    await expect(home.bundle(id, join(tmp.dir, 'not-a-dir', 'x.d2lrun'))).rejects.toThrow(/cannot write .*not-a-dir\/x.d2lrun: .*not-a-dir is a file, not a folder$/);
    await expect(home.importBundle(join(tmp.dir, 'missing.d2lrun'))).rejects.toThrow(/cannot read bundle .*missing.d2lrun: no such file/);
  });
});

describe('hostile bundles are refused and nothing is written', () => {
  /** Patches the first central-directory entry's uncompressed size (a bomb that lies about its size). */
  function lieAboutSize(zip: Uint8Array, size: number): Uint8Array {
    const out = zip.slice();
    const view = new DataView(out.buffer);
    for (let p = out.length - 22; p >= 0; p--) {
      if (view.getUint32(p, true) === 0x02014b50) {
        view.setUint32(p + 24, size, true);
        return out;
      }
    }
    throw new Error('no central directory');
  }

  async function expectRefused(zip: Uint8Array, message: RegExp): Promise<void> {
    const file = join(tmp.dir, 'hostile.d2lrun');
    writeFileSync(file, zip);
    const before = readdirSync(tmp.dir).sort();
    await expect(other.importBundle(file)).rejects.toThrow(message);
    expect(readdirSync(tmp.dir).sort()).toEqual(before);
    expect(existsSync(other.runsDir) ? readdirSync(other.runsDir) : []).toEqual([]);
  }

  it.each<[string, () => Zippable, RegExp]>([
    ['a ".." entry (zip slip)', () => ({ '../evil.txt': new Uint8Array(1) }), /bundle refused: entry "..\/evil.txt" has a ".." path segment/],
    ['a nested ".." entry', () => ({ 'run/../../evil': new Uint8Array(1) }), /has a ".." path segment/],
    ['an absolute path', () => ({ '/tmp/evil': new Uint8Array(1) }), /bundle refused: entry "\/tmp\/evil" is an absolute path/],
    ['a drive path', () => ({ 'C:/evil': new Uint8Array(1) }), /is an absolute path/],
    ['a backslash', () => ({ '..\\evil': new Uint8Array(1) }), /contains a backslash/],
    ['a symlink entry', () => ({ 'run.json': [new TextEncoder().encode('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] }), /entry "run.json" is a symbolic link/],
    ['a directory entry', () => ({ 'runs/': new Uint8Array(0) }), /is a directory/],
    ['an unexpected entry', () => ({ 'evil.sh': new Uint8Array(1) }), /unexpected entry "evil.sh"; a bundle holds only run.json and params.safetensors/],
    ['too many entries', () => Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, new Uint8Array(1)])), /20 entries \(at most 8\)/],
    ['an oversized entry (declared)', () => ({ 'run.json': new Uint8Array(16 * 1024 * 1024 + 1).fill(32) }), /entry "run.json" declares 16777217 bytes \(at most 16777216\)/],
    ['no run.json', () => ({ 'params.safetensors': new Uint8Array(8) }), /no run.json inside/],
    ['run.json that is not a run', () => ({ 'run.json': new TextEncoder().encode('{"id": "../x"}') }), /run.json is invalid: schemaVersion/],
  ])('refuses %s', async (_what, files, message) => {
    await expectRefused(zipSync(files()), message);
  });

  it('refuses a zip bomb that inflates past its declared size, without inflating it all', async () => {
    const bomb = zipSync({ 'run.json': new Uint8Array(8 * 1024 * 1024).fill(32) }, { level: 9 });
    await expectRefused(lieAboutSize(bomb, 1000), /entry "run.json" inflates to more than the 1000 bytes it declares/);
  });

  it('refuses a file that is not a zip, and damaged params', async () => {
    await expectRefused(new TextEncoder().encode('just text'), /not a zip file|too short to be a zip/);
    const { entries } = await bundled();
    const params = entries['params.safetensors']!;
    await expectRefused(zipSync({ 'run.json': entries['run.json']!, 'params.safetensors': params.subarray(0, params.length - 4) }), /bundle refused: params.safetensors: safetensors: tensors cover/);
  });

  it('refuses a corrupted entry (CRC mismatch)', async () => {
    const zip = zipSync({ 'run.json': new TextEncoder().encode('{"a":1}') }, { level: 0 });
    const i = Buffer.from(zip).indexOf('{"a":1}');
    zip[i + 5] = 0x32;
    await expectRefused(zip, /entry "run.json" fails its CRC check/);
  });

  it('refuses a file bigger than any bundle can be, before reading it', async () => {
    mkdirSync(join(tmp.dir, 'sparse'));
    const file = join(tmp.dir, 'sparse', 'huge.d2lrun');
    writeFileSync(file, '');
    truncateSync(file, 400 * 1024 * 1024);
    await expect(other.importBundle(file)).rejects.toThrow(/huge.d2lrun is 419430400 bytes \(at most/);
  });
});

// Issue 12, item 1 for exports: a download through the contract is refused past its budget with
// the size, the limit and the CLI command that writes the file instead; the CLI writes a large
// export to its file in pieces (never one string: a 67 M value CSV used to fill a 4 GB heap);
// and the streamed formats are byte for byte what the one-shot encoders made.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { LIMITS } from '../../../src/shared/schema';
import { dispatch } from '../../../src/main/dispatch';
import { createHandlers } from '../../../src/main/handlers';
import { RunStore } from '../../../src/main/services/runs/store';
import { exportCommand } from '../../../src/main/cli/export';
import { encodeJson } from '../../../src/main/services/export/text';
import { encodeRunExport } from '../../../src/main/services/export/export-run';
import { encodeBundle } from '../../../src/main/services/runs/bundle';
import type { WorkbenchError } from '../../../src/shared/api';
import { formatFloat32, type NamedParams } from '../../../src/main/services/export/tensors';
import { linregDraft, tempDir } from '../runs/helpers';

let tmp: ReturnType<typeof tempDir>;
let store: RunStore;
beforeEach(() => {
  tmp = tempDir('d2l-export-budget-');
  store = new RunStore(join(tmp.dir, 'data'));
});
afterEach(() => {
  vi.restoreAllMocks();
  tmp.cleanup();
});

function call(name: string, payload: unknown) {
  const h = createHandlers({ dataDir: store.dataDir, mode: 'web', systemLang: 'en', runs: store });
  return dispatch(h, name, payload) as Promise<{ ok: boolean; result?: any; error?: { code: string; message: string } }>;
}

const MiB = 1024 * 1024;

describe('downloads through the contract', () => {
  it('refuses a CSV too large to download at once, from the run index alone, naming both sizes and the CLI', async () => {
    const n = 3_000_000;
    const id = await store.save(linregDraft(), { '0.weight': { shape: [n], data: new Float32Array(n) } });
    const reply = await call('runs.export', { id, format: 'csv' });
    // At least `0.weight,0,0\n` (13 characters) a row.
    expect(reply.error).toEqual({
      code: 'too-large',
      message: `the csv export of run ${id} is more than 37.2 MiB (${n * 13} bytes); a download may hold at most 24.0 MiB (${LIMITS.downloadBytes} bytes): write it to a file with \`d2l-workbench export ${id} --format csv --out FILE\``,
    });
  });

  it('stops a JSON export as soon as it passes the budget', async () => {
    const n = 300_000;
    const id = await store.save(linregDraft(), { w: { shape: [n], data: new Float32Array(n) } });
    // At least 2 bytes a value: 600 kB may fit 1 MiB, so this is found out while streaming.
    const err = await encodeRunExport(store, id, 'json', MiB).then(() => undefined, (e: unknown) => e as WorkbenchError);
    expect(err?.code).toBe('too-large');
    expect(err?.message).toMatch(new RegExp(`^the json export of run ${id} is more than 1\\.\\d MiB \\(\\d+ bytes\\); a download may hold at most 1\\.0 MiB \\(${MiB} bytes\\): write it to a file with \`d2l-workbench export ${id} --format json --out FILE\`$`));
  });

  it('refuses a bundle larger than a download may be, with its exact size', async () => {
    const n = 400_000;
    const data = new Float32Array(n);
    let s = 1;
    for (let i = 0; i < n; i++) data[i] = ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
    const id = await store.save(linregDraft(), { w: { shape: [n], data } });
    const err = await encodeBundle(store, id, MiB).then(() => undefined, (e: unknown) => e as WorkbenchError);
    expect(err?.code).toBe('too-large');
    expect(err?.message).toMatch(new RegExp(`^the bundle of run ${id} is 1\\.\\d MiB \\(\\d+ bytes\\); a download may hold at most 1\\.0 MiB \\(${MiB} bytes\\): write it to a file with \`d2l-workbench runs bundle ${id} --out FILE\`$`));
    // Under the default budget the same run downloads.
    expect((await call('runs.bundle', { id })).ok).toBe(true);
  });
});

describe('the CLI writes a large export to its file in pieces', () => {
  it('a million-value CSV goes out in blocks of about a megabyte, and reads back', async () => {
    const n = 1_000_000;
    const data = new Float32Array(n).fill(0.25);
    data[n - 1] = -1.5;
    const id = await store.save(linregDraft(), { w: { shape: [n], data } });
    // The FileHandle class is not exported: take it from a handle.
    const probe = await open(join(tmp.dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const writes: number[] = [];
    const real = proto.write;
    vi.spyOn(proto, 'write').mockImplementation(function (this: unknown, ...args: unknown[]) {
      const buf = args[0] as Uint8Array;
      const length = (args[2] as number | undefined) ?? buf.length;
      writes.push(length);
      return real.apply(this, args);
    });
    const out = join(tmp.dir, 'big.csv');
    const lines: string[] = [];
    const io = { isTTY: false, out: (t: string) => void lines.push(t), err: (t: string) => void lines.push(t) };
    expect(await exportCommand([id, '--format', 'csv', '--out', out, '--data-dir', store.dataDir], io)).toBe(0);
    const size = statSync(out).size;
    expect(lines.join('')).toBe(`wrote ${out} (csv, ${size} bytes)\n`);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(size);
    expect(writes.length).toBeGreaterThanOrEqual(Math.floor(size / (2 * MiB)));
    expect(Math.max(...writes)).toBeLessThan(2 * MiB);
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('name,index,value\nw,0,0.25\n')).toBe(true);
    expect(text.endsWith(`w,${n - 1},-1.5\n`)).toBe(true);
  }, 60_000);
});

describe('streamed text formats', () => {
  /** The encoder before issue 12: the document built whole, then JSON.stringify(doc, null, 2). */
  function reference(params: NamedParams, info: { runId: string; experiment: string; section: string; seed: number }): string {
    type Nested = number | Nested[];
    const nest = (shape: readonly number[], data: ArrayLike<number>, dim = 0, offset = 0): Nested => {
      if (dim === shape.length) return Number(formatFloat32(data[offset]!));
      const stride = shape.slice(dim + 1).reduce((a, d) => a * d, 1);
      return Array.from({ length: shape[dim]! }, (_, i) => nest(shape, data, dim + 1, offset + i * stride));
    };
    const tensors: Record<string, unknown> = {};
    for (const [name, t] of Object.entries(params)) tensors[name] = { shape: [...t.shape], values: nest(t.shape, t.data) };
    return `${JSON.stringify({ format: 'd2l-workbench-params', version: 1, run: info, dtype: 'float32', params: tensors }, null, 2)}\n`;
  }

  it('JSON is exactly what the one-shot encoder wrote, for any shapes (0-d, empty dims, NaN, -0)', () => {
    const shape = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });
    const tensor = shape.chain((s) => {
      const n = s.reduce((a, d) => a * d, 1);
      return fc.record({ shape: fc.constant(s), data: fc.array(fc.float({ noDefaultInfinity: false }), { minLength: n, maxLength: n }) });
    });
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9.]{0,6}$/), tensor, { maxKeys: 4 }), (params) => {
        const info = { runId: 'r1', experiment: 'mlp-concise', section: '4.3', seed: 7 };
        expect(new TextDecoder().decode(encodeJson(params, info))).toBe(reference(params, info));
      }),
      { numRuns: 200, seed: 0x12 },
    );
  });
});

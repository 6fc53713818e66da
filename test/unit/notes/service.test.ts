import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src/shared/api';
import { notesRequestSchemas, type NotePinInput } from '../../../src/shared/notes';
import { NotesService, slugify } from '../../../src/main/services/notes';
import { compareSections } from '../../../src/shared/sections';

const SEED = readFileSync(new URL('./fixtures/study-notes-zh.txt', import.meta.url), 'utf8');

let dataDir: string;
let notes: NotesService;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'd2l-notes-'));
  notes = new NotesService(dataDir);
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function rejects(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkbenchError);
  expect((err as WorkbenchError).code).toBe(code);
  expect((err as WorkbenchError).message).toMatch(message);
}

const PIN: NotePinInput = {
  experiment: 'linreg-concise', runId: 'r-1', status: 'completed', epochs: 3, hyperparameters: { epochs: 3, lr: 0.03 },
  seed: 42, finalLoss: 0.000102, errors: { w: [0.0005, -0.0002], b: [0.0004] }, backend: 'TypeScript',
};

describe('built-in notes', () => {
  it('lists the built-in sections in book order with titles in both languages', async () => {
    const list = await notes.list();
    // The exact set of notes is builtin.test.ts's to check; here: all of them, in book order.
    const sections = list.filter((n) => n.source === 'builtin').map((n) => n.section ?? '');
    expect(sections).toEqual(expect.arrayContaining(['0', '1.3', '2.1', '2.7', '3.1', '3.2', '3.3', '4.4', '4.5']));
    expect(sections).toEqual([...sections].sort(compareSections));
    const concise = list.find((n) => n.id === 'd2l-3-3-linreg-concise')!;
    expect(concise).toMatchObject({ source: 'builtin', title: { zh: '3.3 线性回归的简洁实现', en: '3.3 Concise linear regression' } });
  });

  it('gets a note in the asked-for language, read-only', async () => {
    const zh = await notes.get('d2l-3-1-linreg', 'zh');
    expect(zh).toMatchObject({ lang: 'zh', readOnly: true, pins: [] });
    expect(zh.markdown).toContain('梯度下降');
    expect((await notes.get('d2l-3-1-linreg', 'en')).markdown).toContain('Gradient descent');
  });

  it('refuses to save, rename or delete built-in notes', async () => {
    await rejects(notes.save('d2l-3-1-linreg', 'x'), 'forbidden', /built in and read-only/);
    await rejects(notes.delete('d2l-3-1-linreg'), 'forbidden', /read-only/);
    await rejects(notes.rename('d2l-3-1-linreg', 'mine'), 'forbidden', /read-only/);
  });
});

describe('own notes', () => {
  it('creates, lists, saves, renames and deletes a note', async () => {
    const created = await notes.create('My first note');
    expect(created).toMatchObject({ id: 'my-first-note', source: 'own', title: { en: 'My first note' } });
    expect(readFileSync(join(dataDir, 'notes', 'my-first-note.md'), 'utf8')).toBe('# My first note\n\n');
    // Same title again: a new id.
    expect((await notes.create('My first note')).id).toBe('my-first-note-2');
    // A Chinese title has no ASCII letters: the id falls back to "note".
    expect((await notes.create('我的笔记')).id).toBe('note');

    await notes.save('my-first-note', '# Renamed title\n\nbody 梯度');
    const got = await notes.get('my-first-note', 'en');
    expect(got).toMatchObject({ markdown: '# Renamed title\n\nbody 梯度', readOnly: false, title: { zh: 'Renamed title' } });

    const renamed = await notes.rename('my-first-note', 'first');
    expect(renamed.id).toBe('first');
    await rejects(notes.get('my-first-note', 'en'), 'not-found', /no note "my-first-note"/);
    await rejects(notes.rename('first', 'my-first-note-2'), 'invalid-payload', /a note with that id exists/);

    await notes.delete('first');
    expect((await notes.list()).filter((n) => n.source === 'own').map((n) => n.id)).toEqual(['my-first-note-2', 'note']);
    await rejects(notes.delete('first'), 'not-found', /no note "first"/);
  });

  it('saves atomically: a temp file is renamed over the note and none is left behind', async () => {
    await notes.create('a');
    await notes.save('a', 'one');
    await notes.save('a', 'two');
    expect(readFileSync(join(dataDir, 'notes', 'a.md'), 'utf8')).toBe('two');
    expect(readdirSync(join(dataDir, 'notes'))).toEqual(['a.md']);
    // A crash mid-save leaves a temp file that is not a note, and cleanup removes it; a temp of a
    // writer that is still alive (another process on the same folder) is left alone.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(join(dataDir, 'notes', `.a.md.tmp-${dead}-abc123`), 'half');
    writeFileSync(join(dataDir, 'notes', `.b.md.tmp-${process.ppid}-abc123`), 'busy');
    expect((await notes.list()).filter((n) => n.source === 'own').map((n) => n.id)).toEqual(['a']);
    await notes.cleanupTemp();
    expect(readdirSync(join(dataDir, 'notes')).sort()).toEqual([`.b.md.tmp-${process.ppid}-abc123`, 'a.md']);
  });

  it('refuses bad ids before touching the file system', async () => {
    for (const id of ['../etc/passwd', 'a/b', 'A', '', '.hidden', 'x'.repeat(65), 'a.md', '-a']) {
      await rejects(notes.get(id, 'en'), 'invalid-payload', /invalid note id/);
      await rejects(notes.save(id, 'x'), 'invalid-payload', /invalid note id/);
    }
    await rejects(notes.rename('nope', '../x'), 'invalid-payload', /invalid note id/);
  });

  it('refuses to save a note that does not exist or is too long', async () => {
    await rejects(notes.save('ghost', 'x'), 'not-found', /no note "ghost"/);
    await notes.create('big');
    await rejects(notes.save('big', 'x'.repeat(300_001)), 'invalid-payload', /at most 300000 characters/);
  });

  it('imports the seed .txt as Markdown and a .md as it is', async () => {
    const seed = await notes.import('study-notes-zh.txt', SEED);
    expect(seed).toMatchObject({ id: 'study-notes-zh', title: { zh: '动手学深度学习 笔记' } });
    const md = (await notes.get('study-notes-zh', 'zh')).markdown;
    expect(md).toContain('### 3.1 线性回归');
    expect(md).toContain('```python\nimport numpy as np');
    const plain = await notes.import('C:\\Users\\me\\Reading log.md', '# Log\r\n\r\n- a\r\n');
    expect(plain.id).toBe('reading-log');
    expect((await notes.get('reading-log', 'en')).markdown).toBe('# Log\n\n- a\n');
    await rejects(notes.import('evil.html', 'x'), 'invalid-payload', /only .md, .markdown and .txt/);
  });

  it('never gives an own note a built-in id', () => {
    expect(slugify('d2l 3.1 linreg')).toBe('my-d2l-3-1-linreg');
    expect(slugify('Ünïcode Títle!')).toBe('unicode-title');
  });
});

describe('search', () => {
  it('finds 梯度下降 in the built-in 3.1 note (and its English twin for the English term)', async () => {
    const hits = await notes.search('梯度下降');
    expect(hits.some((h) => h.id === 'd2l-3-1-linreg' && h.lang === 'zh' && h.snippet.includes('梯度下降'))).toBe(true);
    const en = await notes.search('gradient descent');
    const first31 = en.find((h) => h.id === 'd2l-3-1-linreg')!;
    expect(first31).toMatchObject({ lang: 'en', heading: 'Minibatch stochastic gradient descent' });
  });

  it('searches own notes too, case-insensitively, with the heading the match is under', async () => {
    await notes.import('study-notes-zh.txt', SEED);
    const hits = await notes.search('TRAINER.ZERO_GRAD');
    const own = hits.find((h) => h.source === 'own')!;
    expect(own).toMatchObject({ id: 'study-notes-zh', heading: '3.3 使用PyTorch深度学习的高级框架来简化代码' });
    expect(own.snippet.toLowerCase()).toContain('trainer.zero_grad');
    const zh = await notes.search('梯度下降');
    expect(zh.some((h) => h.id === 'study-notes-zh' && h.heading === '3.1 线性回归')).toBe(true);
  });

  it('shows snippets as plain text, without Markdown or maths delimiters', async () => {
    const hit = (await notes.search('范数')).find((h) => h.id === 'd2l-4-5-weight-decay')!;
    expect(hit.snippet).not.toMatch(/[$`*]/);
    expect(hit.snippet).toContain('L_2');
  });

  it('returns nothing for a term that is nowhere', async () => {
    expect(await notes.search('zzzz-not-there')).toEqual([]);
  });
});

describe('pins', () => {
  it('pins run results to built-in and own notes, keeps them, removes them', async () => {
    const pins = await notes.pin({ id: 'd2l-3-3-linreg-concise', add: PIN });
    expect(pins).toHaveLength(1);
    expect(pins[0]).toMatchObject({ ...PIN, pinId: expect.stringMatching(/^p-/) });
    const doc = await new NotesService(dataDir).get('d2l-3-3-linreg-concise', 'zh');
    expect(doc.pins).toEqual(pins);
    expect(await notes.pin({ id: 'd2l-3-3-linreg-concise', remove: pins[0]!.pinId })).toEqual([]);
    await rejects(notes.pin({ id: 'd2l-3-3-linreg-concise', remove: 'p-none' }), 'not-found', /no pin "p-none"/);
  });

  it('moves pins with a renamed note and deletes them with it', async () => {
    await notes.create('mine');
    await notes.pin({ id: 'mine', add: PIN });
    await notes.rename('mine', 'ours');
    expect((await notes.get('ours', 'en')).pins).toHaveLength(1);
    await notes.delete('ours');
    expect(readdirSync(join(dataDir, 'notes', '.pins'))).toEqual([]);
  });

  it('refuses pins for notes that do not exist and survives a damaged pins file', async () => {
    await rejects(notes.pin({ id: 'nowhere', add: PIN }), 'not-found', /no note "nowhere"/);
    await rejects(notes.pin({ id: 'd2l-9-9-nothing', add: PIN }), 'not-found', /no note/);
    mkdirSync(join(dataDir, 'notes', '.pins'), { recursive: true });
    writeFileSync(join(dataDir, 'notes', '.pins', 'd2l-3-1-linreg.json'), '{"version":1,"pins":[{"x":1}]}');
    expect((await notes.get('d2l-3-1-linreg', 'en')).pins).toEqual([]);
    expect(await notes.pin({ id: 'd2l-3-1-linreg', add: PIN })).toHaveLength(1);
  });
});

describe('request schemas', () => {
  const ok = (name: keyof typeof notesRequestSchemas, payload: unknown): boolean => v.safeParse(notesRequestSchemas[name], payload).success;

  it('accept well-formed payloads and refuse path-like ids, reserved ids, wrong files and oversize text', () => {
    expect(ok('notes.get', { id: 'd2l-3-1-linreg', lang: 'zh' })).toBe(true);
    expect(ok('notes.get', { id: '../x', lang: 'zh' })).toBe(false);
    expect(ok('notes.get', { id: 'a', lang: 'fr' })).toBe(false);
    expect(ok('notes.save', { id: 'd2l-3-1-linreg', markdown: 'x' })).toBe(false);
    expect(ok('notes.save', { id: 'mine', markdown: 'x'.repeat(300_001) })).toBe(false);
    expect(ok('notes.import', { name: 'notes.txt', text: '…' })).toBe(true);
    expect(ok('notes.import', { name: 'notes.exe', text: '…' })).toBe(false);
    expect(ok('notes.create', { title: '   ' })).toBe(false);
    expect(ok('notes.search', { query: '梯度下降' })).toBe(true);
    expect(ok('notes.pin', { id: 'mine', add: PIN })).toBe(true);
    expect(ok('notes.pin', { id: 'mine', add: { ...PIN, finalLoss: Number.NaN } })).toBe(false);
    expect(ok('notes.pin', { id: 'mine', add: { ...PIN, hyperparameters: { __proto__x: 1 } } })).toBe(false);
    expect(ok('notes.pin', { id: 'mine', remove: 'p-1' })).toBe(true);
    expect(ok('notes.pin', { id: 'mine', add: PIN, extra: 1 })).toBe(false);
  });
});

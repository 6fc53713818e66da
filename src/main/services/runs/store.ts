// The run store: one folder per run under `<dataDir>/runs/<id>/` holding run.json and, when the
// run has parameters, params.safetensors. Writes go through a temp folder + fsync + rename
// (atomic.ts), so listing never sees half a run; loading validates everything it reads (load.ts)
// and reports a broken folder as a problem instead of failing the whole list.
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  RUN_LIMITS, isRunId, parseRunRecord, runPatchSchema,
  type RunList, type RunListItem, type RunPatch, type RunProblem, type RunRecord,
} from '../../../shared/runs';
import * as v from 'valibot';
import { encodeSafetensors, type DecodedSafetensors } from '../export/safetensors';
import type { NamedParams } from '../export/tensors';
import { exists, pidAlive, syncDir, writeFileAtomically, writeFolderAtomically } from '../../files/atomic';
import { buildRecord, type RunDraft } from './draft';
import { newRunId } from './ids';
import { PARAMS_FILE, RUN_FILE, RunStoreError, paramsMetadata, readParams, readRecord, serializeRecord } from './load';
import { bundleRun, importBundleFile, type ImportResult } from './bundle';
import { errorMessage } from '../../../shared/error-message';

export { RunStoreError } from './load';
export type { RunDraft } from './draft';

const TEMP_PREFIX = '.tmp-';

export function checkRunId(id: string): void {
  if (!isRunId(id)) {
    throw new RunStoreError('invalid-id', `invalid run id ${JSON.stringify(String(id).slice(0, 80))}: must be 1–64 of a-z, 0-9 and "-"`);
  }
}

function toListItem(r: RunRecord): RunListItem {
  const item: RunListItem = {
    id: r.id, experiment: r.experiment, section: r.section, status: r.status, createdAt: r.createdAt,
    finalLoss: r.summary.finalLoss, backend: r.backend, pinned: r.pinned, hasParams: r.params.length > 0,
    hyperparameters: { ...r.config.hyperparameters }, seed: r.config.seed, stepsCompleted: r.summary.stepsCompleted,
  };
  if (r.title) item.title = r.title;
  return item;
}

interface ListEntry {
  /** inode, size, mtime, ctime and mode of run.json when it was parsed. */
  key: string;
  item?: RunListItem;
  problem?: string;
}

export class RunStore {
  readonly runsDir: string;
  private readonly listCache = new Map<string, ListEntry>();
  /** Bumped by every write of this store and by `invalidate`, so a shared list never predates a change it was told of. */
  private generation = 0;
  private listing: { generation: number; promise: Promise<RunList> } | undefined;

  constructor(readonly dataDir: string) {
    this.runsDir = join(dataDir, 'runs');
  }

  /** The folder of a run (e.g. for Electron's shell.trashItem); the id is checked first. */
  folderOf(id: string): string {
    checkRunId(id);
    return join(this.runsDir, id);
  }

  private async runFolder(id: string): Promise<string> {
    const folder = this.folderOf(id);
    const info = await lstat(folder).catch(() => undefined);
    if (!info || !info.isDirectory()) throw new RunStoreError('not-found', `no run "${id}" in ${this.runsDir}`);
    return folder;
  }

  /** A change made elsewhere (another process) was seen: lists asked for from now read the folder again. */
  invalidate(): void {
    this.generation++;
  }

  /**
   * Every loadable run, newest first, plus one problem per folder that could not be loaded.
   * run.json is parsed only when it changed since the last list (same inode, size, mtime and
   * ctime: the same bytes), and calls that arrive while a list is being built, with no write of
   * this store in between, share that list instead of each reading every folder again.
   */
  list(): Promise<RunList> {
    const shared = this.listing;
    if (shared && shared.generation === this.generation) return shared.promise;
    const generation = this.generation;
    const promise = this.buildList().finally(() => {
      if (this.listing?.promise === promise) this.listing = undefined;
    });
    this.listing = { generation, promise };
    return promise;
  }

  private async buildList(): Promise<RunList> {
    let names: string[];
    try {
      names = await readdir(this.runsDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], problems: [] };
      throw err;
    }
    const runs: RunListItem[] = [];
    const problems: RunProblem[] = [];
    const seen = new Set<string>();
    for (const name of names.sort()) {
      if (name.startsWith('.')) continue; // temp folders and hidden files (.DS_Store) are not runs
      seen.add(name);
      try {
        runs.push(await this.listItem(name));
      } catch (err) {
        problems.push({ folder: name, reason: errorMessage(err) });
      }
    }
    for (const name of this.listCache.keys()) if (!seen.has(name)) this.listCache.delete(name);
    runs.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
    return { runs, problems };
  }

  /** One folder's list line; throws the reason it cannot be listed. */
  private async listItem(name: string): Promise<RunListItem> {
    if (!isRunId(name)) throw new RunStoreError('invalid-id', 'folder name is not a run id (1–64 of a-z, 0-9 and "-")');
    const folder = join(this.runsDir, name);
    const info = await lstat(folder);
    if (!info.isDirectory()) throw new RunStoreError('corrupt', info.isSymbolicLink() ? 'is a symbolic link, not a run folder' : 'is a file, not a run folder');
    // lstat never blocks (not even on a FIFO) and says whether run.json is the file parsed before.
    const json = await lstat(join(folder, RUN_FILE), { bigint: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') throw new RunStoreError('corrupt', `${RUN_FILE} is missing`);
      throw err;
    });
    const key = `${json.ino}:${json.size}:${json.mtimeNs}:${json.ctimeNs}:${json.mode}`;
    let entry = this.listCache.get(name);
    if (!entry || entry.key !== key) {
      try {
        const record = await readRecord(folder, name);
        entry = { key, item: toListItem(record) };
      } catch (err) {
        entry = { key, problem: errorMessage(err) };
      }
      this.listCache.set(name, entry);
    }
    if (entry.problem !== undefined) throw new RunStoreError('corrupt', entry.problem);
    if (entry.item!.hasParams) await this.checkParamsFile(folder);
    return entry.item!;
  }

  /** How many run.json files list() has parsed and kept (tests: proof that the cache is used). */
  get listCacheSize(): number {
    return this.listCache.size;
  }

  private async checkParamsFile(folder: string): Promise<void> {
    const info = await lstat(join(folder, PARAMS_FILE)).catch(() => undefined);
    if (!info || !info.isFile()) throw new RunStoreError('corrupt', `${PARAMS_FILE} is missing or not a regular file`);
    if (info.size > RUN_LIMITS.paramsBytes) throw new RunStoreError('corrupt', `${PARAMS_FILE} is ${info.size} bytes (at most ${RUN_LIMITS.paramsBytes})`);
  }

  async get(id: string): Promise<RunRecord> {
    return readRecord(await this.runFolder(id), id);
  }

  /** The run's parameters, decoded strictly; RunStoreError('no-params') when it has none. */
  async getParams(id: string): Promise<DecodedSafetensors> {
    const folder = await this.runFolder(id);
    return readParams(folder, await readRecord(folder, id));
  }

  /** Records a finished run; returns its new id. */
  async save(draft: RunDraft, params: NamedParams = {}): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      const id = draft.id ?? newRunId();
      checkRunId(id);
      if (await exists(join(this.runsDir, id))) {
        if (draft.id !== undefined || attempt >= 4) throw new RunStoreError('invalid', `a run "${id}" already exists`);
        continue;
      }
      const record = buildRecord(draft, id, params);
      await this.writeRun(record, Object.keys(params).length > 0 ? encodeSafetensors(params, paramsMetadata(record)) : undefined);
      return id;
    }
  }

  /** Writes a complete record (validated again here) and its params bytes as a new run folder. */
  async writeRun(record: RunRecord, paramsBytes: Uint8Array | undefined): Promise<void> {
    const checked = parseRunRecord(record);
    if (!checked.ok) throw new RunStoreError('invalid', `cannot save run ${record.id}: ${checked.reason}`);
    if ((record.params.length > 0) !== (paramsBytes !== undefined)) {
      throw new RunStoreError('invalid', `cannot save run ${record.id}: the params index and params file disagree`);
    }
    const files: Array<[string, Uint8Array]> = [[RUN_FILE, serializeRecord(checked.record)]];
    if (paramsBytes) files.push([PARAMS_FILE, paramsBytes]);
    await mkdir(this.runsDir, { recursive: true });
    this.generation++;
    try {
      await writeFolderAtomically(this.runsDir, record.id, `${TEMP_PREFIX}${record.id}-${process.pid}`, files);
    } finally {
      this.generation++;
    }
  }

  /** Renames, annotates or pins a run; an empty title or note removes it. */
  async update(id: string, patch: RunPatch): Promise<RunRecord> {
    const parsed = v.safeParse(runPatchSchema, patch);
    if (!parsed.success) throw new RunStoreError('invalid', `invalid change to run ${id}: ${v.getDotPath(parsed.issues[0]) ?? ''} ${parsed.issues[0].message}`.trim());
    const folder = await this.runFolder(id);
    const record = await readRecord(folder, id);
    const next: RunRecord = { ...record };
    for (const key of ['title', 'note'] as const) {
      const value = parsed.output[key];
      if (value === undefined) continue;
      if (value === '') delete next[key];
      else next[key] = value;
    }
    if (parsed.output.pinned !== undefined) next.pinned = parsed.output.pinned;
    this.generation++;
    try {
      await writeFileAtomically(join(folder, RUN_FILE), serializeRecord(next));
    } finally {
      this.generation++;
    }
    return next;
  }

  /**
   * The path of whatever `runs/<id>` is (a run folder, or a broken entry the list reports as a
   * problem: a file, a link, a FIFO), so that a run that cannot be loaded can still be deleted.
   */
  async entryOf(id: string): Promise<string> {
    const path = this.folderOf(id);
    if (!(await exists(path))) throw new RunStoreError('not-found', `no run "${id}" in ${this.runsDir}`);
    return path;
  }

  /**
   * Deletes a run, loadable or not: renamed out of the list first (atomic), then removed; or, when
   * `remove` is given (Electron's move to the OS trash), handed to it. A symbolic link is removed,
   * never what it points to.
   */
  async delete(id: string, remove?: (path: string) => Promise<void>): Promise<void> {
    const folder = await this.entryOf(id);
    this.generation++;
    try {
      if (remove) {
        await remove(folder);
        return;
      }
      const doomed = join(this.runsDir, `${TEMP_PREFIX}del-${id}-${process.pid}`);
      await rm(doomed, { recursive: true, force: true });
      await rename(folder, doomed);
      await syncDir(this.runsDir);
      await rm(doomed, { recursive: true, force: true });
    } finally {
      this.generation++;
    }
  }

  /** Writes the run as one `.d2lrun` file (a zip of its folder). */
  async bundle(id: string, outFile: string): Promise<void> {
    await bundleRun(this, id, outFile);
  }

  /** Imports a `.d2lrun`, validating it like any run; the same bundle imported twice is not duplicated. */
  async importBundle(file: string): Promise<ImportResult> {
    return importBundleFile(this, file);
  }

  /**
   * Removes what interrupted writes left behind: temp run folders and temp run.json files whose
   * writing process is gone. Call on start, before this process saves anything.
   */
  async cleanupTemp(): Promise<string[]> {
    const removed: string[] = [];
    // Temp folders are `.tmp-<id>-<pid>` / `.tmp-del-<id>-<pid>`; temp files `.run.json.tmp-<pid>-<hex>`.
    const abandoned = (pid: string | undefined): boolean => pid === undefined || Number(pid) === process.pid || !pidAlive(Number(pid));
    let names: string[];
    try {
      names = await readdir(this.runsDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return removed;
      throw err;
    }
    for (const name of names) {
      if (name.startsWith(TEMP_PREFIX) && abandoned(/-(\d+)$/.exec(name)?.[1])) {
        await rm(join(this.runsDir, name), { recursive: true, force: true });
        removed.push(name);
      } else if (isRunId(name)) {
        const inner = await readdir(join(this.runsDir, name)).catch(() => [] as string[]);
        for (const file of inner) {
          if (file.startsWith(`.${RUN_FILE}.tmp-`) && abandoned(/^\.run\.json\.tmp-(\d+)-/.exec(file)?.[1])) {
            await rm(join(this.runsDir, name, file), { force: true });
            removed.push(`${name}/${file}`);
          }
        }
      }
    }
    if (removed.length > 0) {
      this.generation++;
      await syncDir(this.runsDir);
    }
    return removed;
  }
}

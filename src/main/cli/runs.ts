// `d2l-workbench runs …`: list, show, delete, import and bundle saved runs in the data directory.
import { resolve } from 'node:path';
import { resolveDataDir } from '../data-dir';
import { RunStore } from '../services/runs/store';
import { isRunId, type Metric, type RunRecord } from '../../shared/runs';
import { expectPositionals, parseArgs, splitSubcommand, UsageError, type FlagSpecs } from './args';
import type { CliIo } from './io';

const SUBCOMMANDS = ['list', 'show', 'delete', 'import', 'bundle'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const FLAGS: Record<Sub, FlagSpecs> = {
  list: { json: { kind: 'boolean' }, 'data-dir': { kind: 'string' } },
  show: { json: { kind: 'boolean' }, 'data-dir': { kind: 'string' } },
  delete: { 'data-dir': { kind: 'string' } },
  import: { json: { kind: 'boolean' }, 'data-dir': { kind: 'string' } },
  bundle: { out: { kind: 'string' }, 'data-dir': { kind: 'string' } },
};

export function formatMetric(x: Metric | undefined): string {
  if (x === undefined) return '';
  if (x === null) return 'not finite';
  return Math.abs(x) >= 1e-4 || x === 0 ? x.toFixed(6) : x.toExponential(3);
}

export function checkIdArgument(id: string): string {
  if (!isRunId(id)) throw new UsageError(`run id must be 1–64 of a-z, 0-9 and "-", got ${JSON.stringify(String(id).slice(0, 80))}`);
  return id;
}

function showRecord(r: RunRecord, io: CliIo): void {
  const line = (label: string, value: string): void => io.out(`${label.padEnd(12)} ${value}\n`);
  line('id', r.id);
  if (r.title) line('title', r.title);
  line('experiment', `${r.experiment} (${r.section})`);
  line('status', r.message ? `${r.status}: ${r.message}` : r.status);
  line('created', r.createdAt);
  line('backend', r.backend);
  line('config', [...Object.entries(r.config.hyperparameters).map(([k, v]) => `${k}=${v}`), `seed=${r.config.seed}`].join(' '));
  line('train time', `${Math.round(r.durations.trainMs)} ms`);
  line('final loss', formatMetric(r.summary.finalLoss));
  if (r.summary.finalTestLoss !== undefined) line('test loss', formatMetric(r.summary.finalTestLoss));
  line('pinned', r.pinned ? 'yes' : 'no');
  if (r.note) line('note', r.note);
  const shown = r.epochs.length <= 20 ? r.epochs : [...r.epochs.slice(0, 5), ...r.epochs.slice(-5)];
  shown.forEach((e, i) => {
    if (r.epochs.length > 20 && i === 5) io.out(`  … ${r.epochs.length - 10} more epochs\n`);
    const extra = Object.entries(e).filter(([k]) => k !== 'epoch' && k !== 'loss').map(([k, v]) => `, ${k} ${formatMetric(v)}`).join('');
    io.out(`  epoch ${e.epoch}, loss ${formatMetric(e.loss)}${extra}\n`);
  });
  line('params', r.params.length === 0 ? 'none saved' : r.params.map((p) => `${p.name} [${p.shape.join(', ')}]`).join(', '));
}

export async function runsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { sub, rest } = splitSubcommand<Sub>(argv, SUBCOMMANDS, 'list');
  const parsed = parseArgs(rest, FLAGS[sub]);
  const store = new RunStore(resolveDataDir(parsed.flags['data-dir'] as string | undefined));
  await store.cleanupTemp();
  const json = Boolean(parsed.flags.json);

  if (sub === 'list') {
    expectPositionals(parsed, 0, 0, 'd2l-workbench runs [list] [--json] [--data-dir DIR]');
    const list = await store.list();
    for (const p of list.problems) io.err(`skipped ${store.runsDir}/${p.folder}: ${p.reason}\n`);
    if (json) {
      io.out(`${JSON.stringify({ dataDir: store.dataDir, ...list }, null, 2)}\n`);
    } else if (list.runs.length === 0) {
      io.out(`no saved runs in ${store.runsDir}\n`);
    } else {
      for (const r of list.runs) {
        const title = r.title ? `  "${r.title}"` : '';
        io.out(`${r.pinned ? '*' : ' '} ${r.id}  ${r.experiment.padEnd(15)} ${r.section.padEnd(5)} ${r.status.padEnd(9)} loss ${formatMetric(r.finalLoss)}${title}\n`);
      }
    }
    return 0;
  }

  if (sub === 'show') {
    const [id] = expectPositionals(parsed, 1, 1, 'd2l-workbench runs show ID [--json]');
    const record = await store.get(checkIdArgument(id!));
    if (json) io.out(`${JSON.stringify(record, null, 2)}\n`);
    else showRecord(record, io);
    return 0;
  }

  if (sub === 'delete') {
    const [id] = expectPositionals(parsed, 1, 1, 'd2l-workbench runs delete ID');
    await store.delete(checkIdArgument(id!));
    io.out(`deleted ${id}\n`);
    return 0;
  }

  if (sub === 'import') {
    const [file] = expectPositionals(parsed, 1, 1, 'd2l-workbench runs import FILE');
    const result = await store.importBundle(resolve(file!));
    if (json) io.out(`${JSON.stringify(result)}\n`);
    else io.out(result.duplicate ? `already saved as ${result.id}\n` : `imported ${result.id}\n`);
    return 0;
  }

  const [id] = expectPositionals(parsed, 1, 1, 'd2l-workbench runs bundle ID --out FILE');
  const out = parsed.flags.out;
  if (typeof out !== 'string' || out === '') throw new UsageError('--out FILE is required: where to write the .d2lrun bundle');
  await store.bundle(checkIdArgument(id!), resolve(out));
  io.out(`wrote ${resolve(out)}\n`);
  return 0;
}

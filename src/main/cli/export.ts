// `d2l-workbench export ID --format …`: writes a saved run's parameters for PyTorch, NumPy, ONNX
// Runtime or a spreadsheet. Without --out the file goes to the current directory as `<title>-<id>.<ext>`
// (the run's title, or its experiment, in safe characters: `exportFileStem`).
// `--format pytorch` writes a folder instead (run.py, params.npz, data.npz, README.md; default
// `./<id>-pytorch`).
import { resolve } from 'node:path';
import { resolveDataDir } from '../data-dir';
import { EXPORT_EXTENSIONS, exportRun } from '../services/export/export-run';
import { RunStore } from '../services/runs/store';
import { exportFileStem, type ExportFormat } from '../../shared/runs';
import { parseArgs, expectPositionals, UsageError } from './args';
import { checkIdArgument } from './runs';
import type { CliIo } from './io';
import { exportPytorchProject } from '../services/export/pytorch-project';
import { datasetStatus } from '../services/datasets';
import { CLI_FORMATS, EXPORT_USAGE } from './usage';

export async function exportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, {
    format: { kind: 'string', allowed: CLI_FORMATS },
    out: { kind: 'string' },
    'data-dir': { kind: 'string' },
    json: { kind: 'boolean' },
  });
  const [rawId] = expectPositionals(parsed, 1, 1, EXPORT_USAGE);
  const id = checkIdArgument(rawId!);
  const format = parsed.flags.format as ExportFormat | 'pytorch' | undefined;
  if (format === undefined) throw new UsageError(`--format is required; one of ${CLI_FORMATS.join(', ')}`);
  if (format === 'pytorch') return pytorchExport(id, parsed.flags, io);
  const store = new RunStore(resolveDataDir(parsed.flags['data-dir'] as string | undefined));
  const out = resolve(typeof parsed.flags.out === 'string' ? parsed.flags.out : `${exportFileStem(await store.get(id))}${EXPORT_EXTENSIONS[format]}`);
  const result = await exportRun(store, id, format, out);
  if (parsed.flags.json) io.out(`${JSON.stringify(result)}\n`);
  else io.out(`wrote ${result.file} (${format}, ${result.bytes} bytes)\n`);
  return 0;
}

async function pytorchExport(id: string, flags: Record<string, unknown>, io: CliIo): Promise<number> {
  const dataDir = resolveDataDir(flags['data-dir'] as string | undefined);
  const out = resolve(typeof flags.out === 'string' ? flags.out : `${id}-pytorch`);
  const fashionDir = (await datasetStatus(dataDir)).location?.dir;
  const result = await exportPytorchProject(new RunStore(dataDir), id, out, { fashionDir });
  if (flags.json) io.out(`${JSON.stringify(result)}\n`);
  else io.out(`wrote ${result.dir}/ (${result.files.map((f) => `${f.name} ${f.bytes} bytes`).join(', ')})\nrun it: ${result.command}\n`);
  return 0;
}

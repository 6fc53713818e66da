// `d2l-workbench export ID --format …`: writes a saved run's parameters for PyTorch, NumPy, ONNX
// Runtime or a spreadsheet. Without --out the file goes to the current directory as `<id>.<ext>`.
import { resolve } from 'node:path';
import { resolveDataDir } from '../data-dir';
import { EXPORT_EXTENSIONS, exportRun } from '../services/export/export-run';
import { RunStore } from '../services/runs/store';
import { EXPORT_FORMATS, type ExportFormat } from '../../shared/runs';
import { parseArgs, expectPositionals, UsageError } from './args';
import { checkIdArgument } from './runs';
import type { CliIo } from './io';
import { EXPORT_USAGE } from './usage';

export async function exportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(argv, {
    format: { kind: 'string', allowed: EXPORT_FORMATS },
    out: { kind: 'string' },
    'data-dir': { kind: 'string' },
    json: { kind: 'boolean' },
  });
  const [rawId] = expectPositionals(parsed, 1, 1, EXPORT_USAGE);
  const id = checkIdArgument(rawId!);
  const format = parsed.flags.format as ExportFormat | undefined;
  if (format === undefined) throw new UsageError(`--format is required; one of ${EXPORT_FORMATS.join(', ')}`);
  const out = resolve(typeof parsed.flags.out === 'string' ? parsed.flags.out : `${id}${EXPORT_EXTENSIONS[format]}`);
  const store = new RunStore(resolveDataDir(parsed.flags['data-dir'] as string | undefined));
  const result = await exportRun(store, id, format, out);
  if (parsed.flags.json) io.out(`${JSON.stringify(result)}\n`);
  else io.out(`wrote ${result.file} (${format}, ${result.bytes} bytes)\n`);
  return 0;
}

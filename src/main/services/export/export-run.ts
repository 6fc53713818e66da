// Exports a saved run's parameters in one of the formats other tools read. Every format is produced
// in chunks: written to a file (the CLI) chunk by chunk under a temp name, flushed and renamed into
// place, so a failure leaves nothing half-written and a large run never exists as one string; or
// collected for a download (the UI) within the download budget. Both budgets are checked against
// a lower bound from the run's index before the parameters are even read.
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { LIMITS } from '../../../shared/schema';
import { EXPORT_FORMATS, RUN_LIMITS, type ExportFormat, type RunRecord } from '../../../shared/runs';
import { VERSION } from '../../version';
import { writeChunksAtomically } from '../../files/atomic';
import { paramsMetadata } from '../runs/load';
import type { RunStore } from '../runs/store';
import { collectCapped, ticker, tooLarge } from './budget';
import { describeModel } from './model-graph';
import { npzParts } from './npz';
import { onnxChunks } from './onnx';
import { safetensorsParts } from './safetensors';
import { elementCount, type NamedParams } from './tensors';
import { csvChunks, jsonChunks, textLowerBound } from './text';

export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  safetensors: '.safetensors',
  npz: '.npz',
  json: '.json',
  csv: '.csv',
  onnx: '.onnx',
};

export function isExportFormat(x: unknown): x is ExportFormat {
  return typeof x === 'string' && (EXPORT_FORMATS as readonly string[]).includes(x);
}

export interface ExportResult {
  file: string;
  format: ExportFormat;
  bytes: number;
}

/** Where an export goes when no file is named: `<dataDir>/exports/<id>.<ext>`. */
export function defaultExportFile(store: RunStore, id: string, format: ExportFormat): string {
  return join(store.dataDir, 'exports', `${id}${EXPORT_EXTENSIONS[format]}`);
}

/** Fewest bytes the export can take, from the run's index alone (shapes and names). */
export function exportLowerBound(record: RunRecord, format: ExportFormat): number {
  const shaped: NamedParams = {};
  for (const p of record.params) shaped[p.name] = { shape: p.shape, data: { length: elementCount(p.shape) } };
  if (format === 'json' || format === 'csv') return textLowerBound(shaped, format);
  return record.params.reduce((n, p) => n + elementCount(p.shape) * 4, 0);
}

async function checkedRecord(store: RunStore, id: string, format: ExportFormat): Promise<RunRecord> {
  if (!isExportFormat(format)) {
    throw new Error(`unknown export format ${JSON.stringify(String(format).slice(0, 40))}; formats: ${EXPORT_FORMATS.join(', ')}`);
  }
  const record = await store.get(id);
  if (record.params.length === 0) throw new Error(`run ${id} has no saved parameters to export (status ${record.status})`);
  return record;
}

/** The export's bytes in order, produced as they are consumed. */
async function exportChunks(store: RunStore, record: RunRecord, format: ExportFormat): Promise<Iterable<Uint8Array>> {
  const { tensors } = await store.getParams(record.id);
  switch (format) {
    case 'safetensors':
      return safetensorsParts(tensors, paramsMetadata(record)).chunks;
    case 'npz':
      return npzParts(tensors);
    case 'json':
      return jsonChunks(tensors, { runId: record.id, experiment: record.experiment, section: record.section, seed: record.config.seed });
    case 'csv':
      return csvChunks(tensors);
    case 'onnx':
      return onnxChunks(describeModel(record, tensors), tensors, {
        producerVersion: VERSION,
        metadata: { run_id: record.id, experiment: record.experiment, section: record.section, seed: String(record.config.seed) },
      }).chunks;
  }
}

/**
 * The export as one buffer for a download through the contract, refused with a `too-large` error
 * (size and limit, and the CLI command that writes it to a file) past `limit` bytes.
 */
export async function encodeRunExport(store: RunStore, id: string, format: ExportFormat, limit: number = LIMITS.downloadBytes): Promise<Uint8Array> {
  const record = await checkedRecord(store, id, format);
  const what = `the ${format} export of run ${id}`;
  const opts = { limitWhat: 'a download may hold', hint: `write it to a file with \`d2l-workbench export ${id} --format ${format} --out FILE\`` };
  const lower = exportLowerBound(record, format);
  if (lower > limit) throw tooLarge(what, lower, limit, opts);
  return collectCapped(await exportChunks(store, record, format), limit, (size) => tooLarge(what, size, limit, opts));
}

/** Writes the export to `outFile` (default: `<dataDir>/exports/<id>.<ext>`) chunk by chunk. */
export async function exportRun(store: RunStore, id: string, format: ExportFormat, outFile?: string): Promise<ExportResult> {
  const record = await checkedRecord(store, id, format);
  const limit = RUN_LIMITS.exportFileBytes;
  const what = `the ${format} export of run ${id}`;
  const opts = { limitWhat: 'an export file may hold' };
  const lower = exportLowerBound(record, format);
  if (lower > limit) throw tooLarge(what, lower, limit, opts);
  const chunks = await exportChunks(store, record, format);
  const file = outFile ?? defaultExportFile(store, id, format);
  if (outFile === undefined) await mkdir(join(store.dataDir, 'exports'), { recursive: true });
  const bytes = await writeChunksAtomically(file, chunks, { maxBytes: limit, tooLarge: (size) => tooLarge(what, size, limit, opts), between: ticker() });
  return { file, format, bytes };
}

// Exports a saved run's parameters in one of the formats other tools read. The file is written to
// a temp name beside the target and renamed into place, so a failure leaves nothing half-written.
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { EXPORT_FORMATS, type ExportFormat } from '../../../shared/runs';
import { VERSION } from '../../version';
import { writeFileAtomically } from '../../files/atomic';
import { paramsMetadata } from '../runs/load';
import type { RunStore } from '../runs/store';
import { describeModel } from './model-graph';
import { encodeNpz } from './npz';
import { encodeOnnx } from './onnx';
import { encodeSafetensors } from './safetensors';
import { encodeCsv, encodeJson } from './text';

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

export async function encodeRunExport(store: RunStore, id: string, format: ExportFormat): Promise<Uint8Array> {
  if (!isExportFormat(format)) {
    throw new Error(`unknown export format ${JSON.stringify(String(format).slice(0, 40))}; formats: ${EXPORT_FORMATS.join(', ')}`);
  }
  const record = await store.get(id);
  if (record.params.length === 0) throw new Error(`run ${id} has no saved parameters to export (status ${record.status})`);
  const { tensors } = await store.getParams(id);
  switch (format) {
    case 'safetensors':
      return encodeSafetensors(tensors, paramsMetadata(record));
    case 'npz':
      return encodeNpz(tensors);
    case 'json':
      return encodeJson(tensors, { runId: record.id, experiment: record.experiment, section: record.section, seed: record.config.seed });
    case 'csv':
      return encodeCsv(tensors);
    case 'onnx':
      return encodeOnnx(describeModel(record, tensors), tensors, {
        producerVersion: VERSION,
        metadata: { run_id: record.id, experiment: record.experiment, section: record.section, seed: String(record.config.seed) },
      });
  }
}

export async function exportRun(store: RunStore, id: string, format: ExportFormat, outFile?: string): Promise<ExportResult> {
  const bytes = await encodeRunExport(store, id, format);
  const file = outFile ?? defaultExportFile(store, id, format);
  if (outFile === undefined) await mkdir(join(store.dataDir, 'exports'), { recursive: true });
  await writeFileAtomically(file, bytes);
  return { file, format, bytes: bytes.length };
}

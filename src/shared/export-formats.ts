// The file formats a run exports to. Apart from runs.ts (which re-exports them) so that what
// only names the formats, like the CLI's usage text, does not build the run schemas (issue 15).
export const EXPORT_FORMATS = ['safetensors', 'npz', 'json', 'csv', 'onnx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
